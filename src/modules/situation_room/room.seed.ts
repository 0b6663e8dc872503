// Demo data (idempotent): a room operator in both profiles (README); in the Venezuelan profile,
// a CLAP cycle for the councils of Comuna Los Bloques (one delivery overdue, one reported and
// disputed, one confirmed), so the room shows what it follows. The Bolivian profile has no CLAP:
// its operator has instructed El Alto's water agency and the municipality, one answered. In
// the Venezuelan profile too, three actions of Comuna Los Bloques' Agenda Concreta de Acción.
import type { Deps } from '../../platform/module.ts';
import { ensureDemoOfficial } from '../identity/index.ts';
import { searchProjects } from '../projects/index.ts';
import { searchReports } from '../reports/index.ts';
import { createAcaAction, updateAcaProgress } from './aca.service.ts';
import { scheduleClapDelivery } from './clap.service.ts';
import { confirmClapDelivery, findClapDeliveriesIn, reportClapDelivery } from './clap.queries.ts';
import { respondToInstruction, sendInstruction, todayIn } from './instruction.service.ts';

const DEMO_SYSTEM = '00000000-0000-7000-8000-00000000c1a9';

const dayOffset = (deps: Deps, days: number) => todayIn(deps, new Date(Date.now() + days * 86_400_000));

/** The demo room operator (README): room_operator over La Paz (bo) / Distrito Capital (ve). */
export const DEMO_OPERATOR = { email: 'sala@demo.tambo', password: 'Demo-2026-sala', bo: { document: '6345679 LP', territory: 'BO-L' }, ve: { document: 'V-19012345', territory: 'VE-A' } } as const;

async function seedOperator(deps: Deps): Promise<string> {
  const profile = DEMO_OPERATOR[deps.country.code];
  return ensureDemoOfficial(deps, {
    email: DEMO_OPERATOR.email,
    password: DEMO_OPERATOR.password,
    givenName: 'Rubén',
    familyName: 'Condori Vargas',
    documentNumber: profile.document,
    roles: [{ territoryCode: profile.territory, role: 'room_operator' }],
  });
}

/** bo: two instructions from El Alto's room (once each: fixed request keys), one answered by the municipality's spokespeople. */
async function seedBolivianRoom(deps: Deps, operatorId: string): Promise<void> {
  const actor = { accountId: operatorId, grants: [{ role: 'room_operator', territory: 'BO-L' }] };
  const due = dayOffset(deps, 5);
  await sendInstruction(deps, actor, {
    from: 'BO-L-01-02',
    itemKind: 'territory',
    itemRef: 'BO-L-01-02',
    recipientAgency: 'EPSAS',
    body: 'Informe a la sala el plan de atención de las fugas de agua reportadas en El Alto esta semana.',
    dueOn: due,
    requestKey: 'demo-bo-agua',
  });
  const answered = await sendInstruction(deps, actor, {
    from: 'BO-L-01-02',
    itemKind: 'territory',
    itemRef: 'BO-L-01-02',
    recipientTerritory: 'BO-L-01-02',
    body: 'Coordine con las juntas vecinales la limpieza de los puntos de basura reportados.',
    dueOn: due,
    requestKey: 'demo-bo-basura',
  });
  if (answered.status !== 'answered') {
    const responder = { accountId: DEMO_RESPONDER, grants: [{ role: 'room_responder', territory: 'BO-L-01-02' }] };
    await respondToInstruction(deps, responder, answered.id, { to: 'answered', text: 'Limpieza programada con tres juntas vecinales para el sábado.' });
  }
}

const DEMO_RESPONDER = '00000000-0000-7000-8000-00000000c1aa';

export async function seedSituationRoom(deps: Deps): Promise<void> {
  const operatorId = await seedOperator(deps);
  if (deps.country.code === 'bo') return seedBolivianRoom(deps, operatorId);
  if (deps.country.code !== 've') return;
  const cycle = dayOffset(deps, -10).slice(0, 7);
  const councils = [
    { code: 'VE-A-01-01-01-01', on: -7, planned: 180 },
    { code: 'VE-A-01-01-01-02', on: -10, planned: 140 },
    { code: 'VE-A-01-01-01-03', on: -9, planned: 120 },
  ];
  for (const c of councils) await scheduleClapDelivery(deps, null, { territory: c.code, cycle, scheduledOn: dayOffset(deps, c.on), familiesPlanned: c.planned });
  const deliveries = await findClapDeliveriesIn(deps.db, 'VE-A-01-01-01', todayIn(deps), 20);
  const of = (code: string) => deliveries.find((d) => d.territoryPath.at(-1) === code && d.cycle === cycle);
  // Los Cerritos: reported 140 families, the spokespeople counted 118 and dispute it.
  const cerritos = of('VE-A-01-01-01-02');
  if (cerritos && !cerritos.deliveredOn) {
    await reportClapDelivery(deps.db, cerritos.id, { deliveredOn: dayOffset(deps, -9), familiesServed: 140, items: 'Arroz, harina de maíz, pasta, aceite, leche en polvo', by: DEMO_SYSTEM });
    await confirmClapDelivery(deps.db, cerritos.id, { confirmation: 'disputed', familiesCounted: 118, note: '22 familias del sector La Cancha no recibieron la bolsa.', by: DEMO_SYSTEM });
  }
  // Vista Hermosa: reported and confirmed. Bloque 7 stays overdue (not reported).
  const vista = of('VE-A-01-01-01-03');
  if (vista && !vista.deliveredOn) {
    await reportClapDelivery(deps.db, vista.id, { deliveredOn: dayOffset(deps, -8), familiesServed: 120, items: 'Arroz, harina de maíz, granos, aceite', by: DEMO_SYSTEM });
    await confirmClapDelivery(deps.db, vista.id, { confirmation: 'confirmed', familiesCounted: 120, note: null, by: DEMO_SYSTEM });
  }
  await seedAcaActions(deps);
}

/** ve: three actions of Comuna Los Bloques' agenda (once each: fixed request keys): one overdue, one linked to a demo project, one to a demo report. */
async function seedAcaActions(deps: Deps): Promise<void> {
  const commune = 'VE-A-01-01-01';
  const project = (await searchProjects(deps, { territory: commune, limit: 1, offset: 0 })).projects[0];
  const report = (await searchReports(deps.db, { territoryCode: commune, limit: 1 }))[0] ?? (await searchReports(deps.db, { territoryCode: 'VE-A', limit: 1 }))[0];
  const create = (requestKey: string, input: Record<string, string | string[]>) =>
    createAcaAction(deps, null, { territory: commune, requestKey, ...input }, { seedAccount: DEMO_SYSTEM }).then((r) => r.action);
  await create('demo-aca-agua', {
    title: 'Reparar la tubería de aguas blancas del Bloque 7',
    description: 'Sustituir 40 metros de tubería rota que deja sin agua a los pisos altos.',
    responsible: 'Comité de Mesa Técnica de Agua',
    dueOn: dayOffset(deps, -6),
  });
  const panaderia = await create('demo-aca-panaderia', {
    title: 'Poner en marcha la Panadería Comunal',
    description: 'Instalar el horno y la amasadora y organizar los turnos de la unidad de producción social.',
    responsible: 'Comité de Economía Comunal',
    dueOn: dayOffset(deps, 45),
    projects: project ? [project.id] : [],
  });
  if (panaderia.progress === 0) {
    const responder = { accountId: DEMO_RESPONDER, grants: [{ role: 'room_responder', territory: commune }] };
    await updateAcaProgress(deps, responder, panaderia.id, { percent: 40, note: 'Horno comprado; falta la instalación eléctrica.' });
  }
  await create('demo-aca-alumbrado', {
    title: 'Recuperar el alumbrado de la cancha de Los Cerritos',
    description: 'Atender con la alcaldía el reporte de las luminarias apagadas.',
    responsible: 'Vocería de Los Cerritos',
    dueOn: dayOffset(deps, 20),
    reports: report ? [`R-${report.id}`] : [],
  });
}
