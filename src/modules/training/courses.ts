// The seeded catalogue: courses as data (docs/training.md). Lessons are short text, a small
// drawn illustration at most and video links with their transcript: light enough for 2G.
import type { Audience, CourseContent } from './training.types.ts';

export interface CourseSeed {
  id: string;
  audience: Audience;
  programme: string;
  /** The agency that issues the certificate, by country profile. */
  agency: { bo: string; ve: string };
  position: number;
  content: CourseContent;
}

const q = (id: string, prompt: [string, string], options: Array<[string, string, string]>, correct: string, feedback: [string, string]) => ({
  id,
  prompt: { es: prompt[0], en: prompt[1] },
  options: options.map(([oid, es, en]) => ({ id: oid, text: { es, en } })),
  correct,
  feedback: { es: feedback[0], en: feedback[1] },
});
const p = (es: string, en: string) => ({ es, en });

export const COURSES: CourseSeed[] = [
  {
    id: 'usa-tu-ciudadania-digital',
    audience: 'citizen',
    programme: 'alfabetizacion_digital',
    agency: { bo: 'AGETIC', ve: 'CNTI' },
    position: 1,
    content: {
      title: p('Usa tu Ciudadanía Digital', 'Use your Ciudadanía Digital'),
      summary: p(
        'Qué es la Ciudadanía Digital, cómo ingresar con seguridad y cómo hacer un trámite en línea. Tres lecciones cortas y una evaluación final.',
        'What Ciudadanía Digital is, how to sign in safely and how to apply online. Three short lessons and a final assessment.',
      ),
      minutes: 20,
      modules: [
        {
          id: 'conocer',
          title: p('Conocer tu identidad digital', 'Getting to know your digital identity'),
          lessons: [
            {
              id: 'que-es',
              title: p('Qué es la Ciudadanía Digital', 'What Ciudadanía Digital is'),
              paragraphs: [
                p(
                  'La Ciudadanía Digital es tu identidad ante el Estado en internet: con una sola cuenta haces trámites, recibes notificaciones en tu buzón y firmas sin ir a una oficina.',
                  'Ciudadanía Digital is your identity before the State on the internet: with one account you apply for procedures, receive notices in your mailbox and sign without going to an office.',
                ),
                p(
                  'Tu cuenta está ligada a tu cédula de identidad. Un registrador verifica tu identidad en persona, o la verificas en línea, y tu cuenta sube de nivel.',
                  'Your account is tied to your identity card. A registrar checks your identity in person, or you check it online, and your account goes up a level.',
                ),
              ],
              illustration: { kind: 'id-card', alt: p('Una cédula de identidad junto a un teléfono', 'An identity card next to a phone') },
              quiz: [
                q(
                  'cuenta',
                  ['¿Cuántas cuentas necesitas para hacer trámites en distintas instituciones?', 'How many accounts do you need to apply to different agencies?'],
                  [
                    ['una', 'Una sola cuenta', 'Just one account'],
                    ['varias', 'Una por institución', 'One for each agency'],
                  ],
                  'una',
                  ['Una sola: la Ciudadanía Digital sirve en todas las instituciones.', 'Just one: Ciudadanía Digital works with every agency.'],
                ),
              ],
            },
            {
              id: 'ingresar-seguro',
              title: p('Ingresar con seguridad', 'Signing in safely'),
              paragraphs: [
                p(
                  'Usa una contraseña larga que no uses en otro sitio. Nadie del Estado te pedirá tu contraseña por teléfono ni por mensaje.',
                  'Use a long password you use nowhere else. Nobody from the State will ask for your password by phone or message.',
                ),
                p('Antes de escribir tu contraseña, revisa que la dirección de la página sea la oficial.', 'Before you type your password, check that the page address is the official one.'),
              ],
              illustration: { kind: 'shield', alt: p('Un escudo con un candado', 'A shield with a padlock') },
              video: {
                url: 'https://www.ciudadaniadigital.bo/',
                transcript: p(
                  'Transcripción: «Para ingresar, escribe tu correo o tu cédula y tu contraseña. Si activaste el segundo factor, escribe también el código de seis cifras de tu aplicación».',
                  'Transcript: "To sign in, type your e-mail or identity card number and your password. If you turned on the second factor, also type the six-digit code from your app."',
                ),
              },
              quiz: [
                q(
                  'contrasena',
                  ['Alguien te llama y dice ser de una institución: te pide tu contraseña. ¿Qué haces?', 'Someone calls saying they are from an agency and asks for your password. What do you do?'],
                  [
                    ['doy', 'Se la doy si suena oficial', 'Give it if they sound official'],
                    ['nunca', 'No se la doy nunca', 'Never give it'],
                  ],
                  'nunca',
                  ['Nunca: ninguna institución te pedirá tu contraseña.', 'Never: no agency will ever ask for your password.'],
                ),
              ],
            },
          ],
        },
        {
          id: 'usar',
          title: p('Usar los servicios', 'Using the services'),
          lessons: [
            {
              id: 'tramite-en-linea',
              title: p('Hacer un trámite en línea', 'Applying online'),
              paragraphs: [
                p(
                  'Busca el trámite en el catálogo, lee sus requisitos y su plazo legal, y pulsa «Iniciar». Puedes guardar un borrador y seguir después.',
                  'Find the procedure in the catalogue, read its requirements and legal time, and press "Start". You can save a draft and continue later.',
                ),
                p(
                  'Cuando la institución resuelve, recibes la notificación en tu buzón y, si corresponde, un documento firmado que cualquiera puede verificar con su código.',
                  'When the agency decides, you get the notice in your mailbox and, where it applies, a signed document anyone can verify by its code.',
                ),
              ],
              illustration: { kind: 'form', alt: p('Un formulario con casillas marcadas', 'A form with ticked boxes') },
              quiz: [
                q(
                  'resultado',
                  ['¿Dónde recibes la respuesta a tu trámite?', 'Where do you receive the answer to your application?'],
                  [
                    ['buzon', 'En tu buzón digital', 'In your digital mailbox'],
                    ['oficina', 'Solo en la oficina', 'Only at the office'],
                  ],
                  'buzon',
                  ['En tu buzón digital, con el documento firmado cuando corresponde.', 'In your digital mailbox, with the signed document where it applies.'],
                ),
              ],
            },
          ],
        },
      ],
      assessment: [
        q(
          'identidad',
          ['¿A qué está ligada tu Ciudadanía Digital?', 'What is your Ciudadanía Digital tied to?'],
          [
            ['cedula', 'A tu cédula de identidad', 'Your identity card'],
            ['telefono', 'A tu número de teléfono', 'Your phone number'],
          ],
          'cedula',
          ['A tu cédula de identidad.', 'Your identity card.'],
        ),
        q(
          'direccion',
          ['¿Qué revisas antes de escribir tu contraseña?', 'What do you check before typing your password?'],
          [
            ['direccion', 'Que la dirección de la página sea la oficial', 'That the page address is the official one'],
            ['colores', 'Que la página tenga colores del Estado', 'That the page has the State’s colours'],
          ],
          'direccion',
          ['La dirección: los colores se copian fácil.', 'The address: colours are easy to copy.'],
        ),
        q(
          'verificar',
          ['¿Cómo se verifica un documento firmado?', 'How is a signed document verified?'],
          [
            ['codigo', 'Con su código de verificación', 'By its verification code'],
            ['sello', 'Mirando el sello', 'By looking at the seal'],
          ],
          'codigo',
          ['Con su código, en la página de verificación.', 'By its code, on the verification page.'],
        ),
      ],
    },
  },
  {
    id: 'atencion-de-tramites',
    audience: 'servant',
    programme: 'gobierno_digital',
    agency: { bo: 'AGETIC', ve: 'CNTI' },
    position: 2,
    content: {
      title: p('Atención de trámites en línea', 'Handling applications online'),
      summary: p('Para tramitadores: recibir, observar y resolver expedientes dentro del plazo legal.', 'For case handlers: receive, request corrections and decide cases within the legal time.'),
      forRole: p('Tramitadores', 'Case handlers'),
      minutes: 15,
      modules: [
        {
          id: 'plazos',
          title: p('Plazos y silencio administrativo', 'Legal time and tacit outcomes'),
          lessons: [
            {
              id: 'plazo-legal',
              title: p('El plazo legal', 'The legal time'),
              paragraphs: [
                p(
                  'Cada trámite tiene un plazo legal en días hábiles. Si la institución no responde a tiempo, opera el silencio administrativo que la norma del trámite define.',
                  'Every procedure has a legal time in business days. If the agency does not answer in time, the tacit outcome its norm defines applies.',
                ),
              ],
              quiz: [
                q(
                  'dias',
                  ['¿En qué se cuenta el plazo legal?', 'What is the legal time counted in?'],
                  [
                    ['habiles', 'Días hábiles', 'Business days'],
                    ['corridos', 'Días corridos', 'Calendar days'],
                  ],
                  'habiles',
                  ['En días hábiles: fines de semana y feriados no cuentan.', 'Business days: weekends and holidays do not count.'],
                ),
              ],
            },
          ],
        },
      ],
      assessment: [
        q(
          'silencio',
          ['Si no respondes a tiempo, ¿qué ocurre?', 'If you do not answer in time, what happens?'],
          [
            ['silencio', 'Opera el silencio administrativo', 'The tacit outcome applies'],
            ['nada', 'Nada', 'Nothing'],
          ],
          'silencio',
          ['Opera el silencio administrativo.', 'The tacit outcome applies.'],
        ),
      ],
    },
  },
];
