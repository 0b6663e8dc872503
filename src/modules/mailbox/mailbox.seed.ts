// Demo messages for the demo citizen (DEMO=true): idempotent (each has its own idempotency
// key), placed in the past so the list shows each state: new, opened, deemed notified.
// No alerts are raised for them (nobody is waiting for a demo e-mail).
import type { Deps } from '../../platform/module.ts';
import { deliverMessage } from './mailbox.service.ts';

const DEMO_CLIENT = 'tambo-demo-seed';
const DAY = 24 * 60 * 60 * 1000;

interface DemoMessage {
  key: string;
  agencyCode: string;
  subject: string;
  body: string;
  daysAgo: number;
  openedDaysAgo?: number;
}

const demo: Record<'bo' | 've', { citizen: { documentType: string; documentNumber: string }; messages: DemoMessage[] }> = {
  bo: {
    citizen: { documentType: 'CI', documentNumber: '4567891 LP' },
    messages: [
      {
        key: 'demo-bo-1',
        agencyCode: 'SIN',
        subject: 'Aviso de vencimiento: declaración jurada del IVA, período octubre',
        body: 'Estimada contribuyente:\n\nLe recordamos que la declaración jurada del Impuesto al Valor Agregado del período fiscal octubre vence el día 13 del mes siguiente, de acuerdo con el último dígito de su NIT.\n\nPuede presentarla en línea con su Ciudadanía Digital. Si ya la presentó, no tome en cuenta este aviso.\n\nServicio de Impuestos Nacionales',
        daysAgo: 16,
      },
      {
        key: 'demo-bo-2',
        agencyCode: 'GAMEA',
        subject: 'Resolución de su solicitud de licencia de funcionamiento',
        body: 'Señora María Quispe Mamani:\n\nSu solicitud de licencia de funcionamiento para el local de la avenida Juan Pablo II fue aprobada. La licencia tiene vigencia de un año desde la fecha de esta notificación.\n\nPuede recogerla en la plataforma de atención del distrito 1, de lunes a viernes, de 8:30 a 16:30.\n\nGobierno Autónomo Municipal de El Alto',
        daysAgo: 6,
        openedDaysAgo: 5,
      },
      {
        key: 'demo-bo-3',
        agencyCode: 'SEGIP',
        subject: 'Su cédula de identidad está lista para recoger',
        body: 'Señora María Quispe Mamani:\n\nLa renovación de su cédula de identidad está concluida. Puede recogerla en la oficina donde hizo el trámite presentando su cédula anterior.\n\nServicio General de Identificación Personal',
        daysAgo: 1,
      },
    ],
  },
  ve: {
    citizen: { documentType: 'CEDULA', documentNumber: 'V-18765432' },
    messages: [
      {
        key: 'demo-ve-1',
        agencyCode: 'SENIAT',
        subject: 'Aviso: declaración del Impuesto Sobre la Renta',
        body: 'Estimada contribuyente:\n\nLe recordamos que el plazo para presentar la declaración definitiva del Impuesto Sobre la Renta vence el 31 de marzo.\n\nPuede presentarla en línea. Si ya la presentó, no tome en cuenta este aviso.\n\nSENIAT',
        daysAgo: 16,
      },
      {
        key: 'demo-ve-2',
        agencyCode: 'ALCLIB',
        subject: 'Resolución de su solicitud de conformidad de uso',
        body: 'Ciudadana María Pérez González:\n\nSu solicitud de conformidad de uso para el inmueble ubicado en la parroquia 23 de Enero fue aprobada.\n\nPuede retirar la constancia en la taquilla de la Dirección de Planificación Urbana.\n\nAlcaldía del Municipio Bolivariano Libertador',
        daysAgo: 6,
        openedDaysAgo: 5,
      },
      {
        key: 'demo-ve-3',
        agencyCode: 'SAIME',
        subject: 'Su pasaporte está listo para retirar',
        body: 'Ciudadana María Pérez González:\n\nSu pasaporte está listo. Puede retirarlo en la oficina del SAIME que seleccionó al hacer la solicitud, presentando su cédula de identidad.\n\nSAIME',
        daysAgo: 1,
      },
    ],
  },
};

export async function seedMailbox(deps: Deps): Promise<void> {
  const { citizen, messages } = demo[deps.country.code];
  const now = Date.now();
  for (const message of messages) {
    await deliverMessage(
      deps,
      { clientId: DEMO_CLIENT, agencyCode: message.agencyCode, actor: { type: 'system', id: 'seed' } },
      { recipient: citizen, subject: message.subject, body: message.body },
      {
        idempotencyKey: message.key,
        alert: false,
        madeAvailableAt: new Date(now - message.daysAgo * DAY),
        openedAt: message.openedDaysAgo === undefined ? undefined : new Date(now - message.openedDaysAgo * DAY),
      },
    );
  }
}
