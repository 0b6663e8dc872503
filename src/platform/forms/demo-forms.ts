// Forms for the demo catalog's online procedures (both countries), so that the demo can be
// applied for end to end. `demoFormFor(slug)` gives the form of a demo procedure, or undefined.
import type { FormDefinition, Option } from './form.types.ts';

const lt = (es: string, en: string) => ({ es, en });
const option = (value: string, es: string, en: string): Option => ({ value, label: lt(es, en) });

const purposePages: FormDefinition['pages'] = [
  {
    id: 'motivo',
    title: lt('¿Para qué lo necesita?', 'What do you need it for?'),
    components: [
      { id: 'purpose', type: 'radios', label: lt('Motivo', 'Purpose'), options: [option('work', 'Trabajo', 'Work'), option('study', 'Estudios', 'Studies'), option('travel', 'Viaje', 'Travel'), option('other', 'Otro', 'Other')] },
    ],
  },
  {
    id: 'otro-motivo',
    title: lt('Cuéntenos el motivo', 'Tell us the purpose'),
    showIf: { field: 'purpose', equals: 'other' },
    components: [{ id: 'purposeOther', type: 'longText', label: lt('Motivo', 'Purpose'), maxLength: 500 }],
  },
];

const certificate: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'persona',
      title: lt('¿De quién es el certificado?', 'Whose certificate is it?'),
      components: [
        { id: 'fullName', type: 'text', label: lt('Su nombre', 'Your name'), prefill: 'fullName' },
        { id: 'forWhom', type: 'radios', label: lt('El certificado es', 'The certificate is'), options: [option('self', 'Mío', 'Mine'), option('child', 'De un hijo o hija menor de edad', 'Of a child under 18')] },
      ],
    },
    {
      id: 'hijo',
      title: lt('Datos del hijo o hija', "The child's details"),
      showIf: { field: 'forWhom', equals: 'child' },
      components: [
        { id: 'childName', type: 'text', label: lt('Nombre completo', 'Full name'), maxLength: 120 },
        { id: 'childBirthDate', type: 'date', label: lt('Fecha de nacimiento', 'Date of birth'), max: 'today', hint: lt('Por ejemplo, 27 3 2015', 'For example, 27 3 2015') },
      ],
    },
    ...purposePages,
    {
      id: 'entrega',
      title: lt('¿Cómo lo recibe?', 'How do you receive it?'),
      components: [
        { id: 'email', type: 'email', label: lt('Correo electrónico', 'Email address'), prefill: 'email' },
        { id: 'copies', type: 'number', label: lt('Número de copias', 'Number of copies'), integer: true, min: 1, max: 5 },
      ],
    },
  ],
};

const business: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'empresa',
      title: lt('Su actividad', 'Your business'),
      components: [
        { id: 'businessName', type: 'text', label: lt('Nombre o razón social', 'Business name'), maxLength: 150 },
        {
          id: 'activity',
          type: 'select',
          label: lt('Actividad principal', 'Main activity'),
          options: [option('retail', 'Comercio', 'Retail'), option('services', 'Servicios', 'Services'), option('manufacturing', 'Industria', 'Manufacturing'), option('farming', 'Agropecuaria', 'Farming'), option('transport', 'Transporte', 'Transport')],
        },
        { id: 'startDate', type: 'date', label: lt('Fecha de inicio de actividades', 'Start date'), hint: lt('Por ejemplo, 1 3 2026', 'For example, 1 3 2026') },
      ],
    },
    {
      id: 'domicilio',
      title: lt('¿Dónde funciona?', 'Where does it operate?'),
      components: [
        { id: 'address', type: 'address', label: lt('Dirección', 'Address') },
        { id: 'municipality', type: 'territory', label: lt('Municipio', 'Municipality'), level: 'municipio' },
      ],
    },
    {
      id: 'personal',
      title: lt('Personal', 'Staff'),
      components: [{ id: 'employees', type: 'number', label: lt('Número de trabajadores', 'Number of employees'), integer: true, min: 0, max: 100000 }],
    },
  ],
};

const employment: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'empleador',
      title: lt('El empleador', 'The employer'),
      components: [
        { id: 'employerName', type: 'text', label: lt('Nombre del empleador', "Employer's name"), maxLength: 150 },
        { id: 'employerTaxId', type: 'text', label: lt('Número tributario del empleador', "Employer's tax number"), pattern: '[0-9A-Z-]{5,15}', patternMessage: lt('Solo cifras, letras mayúsculas y guiones', 'Digits, capital letters and hyphens only') },
      ],
    },
    {
      id: 'contrato',
      title: lt('El contrato', 'The contract'),
      components: [
        { id: 'startDate', type: 'date', label: lt('Fecha de inicio', 'Start date') },
        { id: 'salary', type: 'number', label: lt('Salario mensual', 'Monthly salary'), min: 0 },
        { id: 'contract', type: 'file', label: lt('Contrato firmado', 'Signed contract'), accept: ['application/pdf'], maxBytes: 5 * 1024 * 1024 },
      ],
    },
  ],
};

const complaint: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'servicio',
      title: lt('El servicio', 'The service'),
      components: [
        { id: 'provider', type: 'text', label: lt('Empresa que presta el servicio', 'Service provider'), maxLength: 120 },
        { id: 'service', type: 'radios', label: lt('Servicio', 'Service'), options: [option('mobile', 'Telefonía móvil', 'Mobile phone'), option('internet', 'Internet', 'Internet'), option('tv', 'Televisión de pago', 'Pay TV')] },
        { id: 'incidentDate', type: 'date', label: lt('Fecha del problema', 'Date of the problem'), max: 'today' },
      ],
    },
    {
      id: 'reclamo-previo',
      title: lt('Reclamo a la empresa', 'Complaint to the provider'),
      components: [{ id: 'claimedBefore', type: 'yesNo', label: lt('¿Reclamó antes a la empresa?', 'Did you complain to the provider first?') }],
    },
    {
      id: 'numero-reclamo',
      title: lt('Su reclamo anterior', 'Your earlier complaint'),
      showIf: { field: 'claimedBefore', equals: true },
      components: [{ id: 'claimNumber', type: 'text', label: lt('Número de reclamo', 'Complaint number'), maxLength: 40 }],
    },
    {
      id: 'detalle',
      title: lt('¿Qué pasó?', 'What happened?'),
      components: [
        { id: 'description', type: 'longText', label: lt('Describa el problema', 'Describe the problem'), minLength: 20, maxLength: 3000 },
        { id: 'evidence', type: 'file', label: lt('Prueba (factura, captura)', 'Evidence (bill, screenshot)'), optional: true, accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
        { id: 'phone', type: 'phone', label: lt('Teléfono de contacto', 'Contact phone'), prefill: 'phone' },
      ],
    },
  ],
};

const passport: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'solicitante',
      title: lt('Sus datos', 'Your details'),
      components: [
        { id: 'fullName', type: 'text', label: lt('Nombre', 'Name'), prefill: 'fullName' },
        { id: 'document', type: 'identityDocument', label: lt('Documento de identidad', 'Identity document'), prefill: 'identityDocument' },
        { id: 'birthDate', type: 'date', label: lt('Fecha de nacimiento', 'Date of birth'), max: 'today', prefill: 'birthDate' },
      ],
    },
    {
      id: 'pasaporte',
      title: lt('El pasaporte', 'The passport'),
      components: [
        { id: 'kind', type: 'radios', label: lt('Trámite', 'Application'), options: [option('first', 'Primera vez', 'First passport'), option('renewal', 'Renovación', 'Renewal'), option('lost', 'Por pérdida o robo', 'Lost or stolen')] },
        { id: 'travelSoon', type: 'yesNo', label: lt('¿Viaja en los próximos 30 días?', 'Are you travelling within 30 days?') },
      ],
    },
    ...purposePages,
  ],
};

const bySlug: Record<string, FormDefinition> = {
  'certificado-de-nacimiento': certificate,
  'certificado-de-antecedentes-penales': certificate,
  'copia-certificada-de-acta-de-nacimiento': certificate,
  'matricula-de-comercio': business,
  'numero-de-identificacion-tributaria': business,
  'registro-de-informacion-fiscal': business,
  'visado-de-contrato-de-trabajo': employment,
  'inscripcion-de-trabajador-en-el-seguro-social': employment,
  'reclamo-telecomunicaciones': complaint,
  'denuncia-servicio-telecomunicaciones': complaint,
  pasaporte: passport,
};

/** The form of a demo online procedure (a fresh copy), or undefined for any other slug. */
export function demoFormFor(slug: string): FormDefinition | undefined {
  const form = bySlug[slug];
  return form ? structuredClone(form) : undefined;
}

export const demoFormSlugs = Object.keys(bySlug);
