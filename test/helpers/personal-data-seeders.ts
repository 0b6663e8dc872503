// One seeder per module that holds data about a person (test/personal-data-all.http.test.ts):
// it makes something for the person through the module's own use cases (its services, as its
// routes call them) and answers the strings that must then appear in that module's section of
// her "Mis datos" export, and in nobody else's. `n` tells the two people of the test apart
// where they must use different things (another course, another tender).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { getOnlineProcedure } from '../../src/modules/cases/services/procedures.service.ts';
import { saveDraft } from '../../src/modules/cases/services/drafts.service.ts';
import { reportIncident } from '../../src/modules/cgii/cgii.service.ts';
import { issueDocument } from '../../src/modules/documents/index.ts';
import { type DemoProducer, readForAgency, startDemoProducer } from '../../src/modules/interop/index.ts';
import { notifyAccount } from '../../src/modules/mailbox/index.ts';
import { commentOn } from '../../src/modules/norms/norms.service.ts';
import { addEvaluation } from '../../src/modules/observatory/index.ts';
import { createOrder } from '../../src/modules/payments/payments.service.ts';
import { requestMediation } from '../../src/modules/peace_justice/peace-justice.service.ts';
import { postOffices, registerShipment } from '../../src/modules/postal/index.ts';
import { applyToSell } from '../../src/modules/marketplace/marketplace.service.ts';
import { askQuestion } from '../../src/modules/procurement/procurement.service.ts';
import { fileObservation } from '../../src/modules/projects/observations.service.ts';
import { castBallot, getConsultation, submitProposal } from '../../src/modules/consultations/consultations.service.ts';
import { findAccount } from '../../src/modules/identity/index.ts';
import { recordEntry } from '../../src/modules/enterprises/enterprises.service.ts';
import { createRecord, registerUnitAsRepresentative } from '../../src/modules/registries/registry.service.ts';
import { REGISTRIES } from '../../src/modules/registries/registry.types.ts';
import { createReport } from '../../src/modules/reports/index.ts';
import { enrol } from '../../src/modules/training/training.service.ts';
import { fileRequest } from '../../src/modules/transparency/transparency.service.ts';
import type { TestApp } from './app.ts';

export interface Person {
  id: string;
  email: string;
  documentNumber: string;
  name: string;
}

type Seeder = (t: TestApp, person: Person, n: number) => Promise<string[]>;

const tag = (person: Person, what: string) => `${what} de ${person.name} ${randomUUID().slice(0, 8)}`;

/** The n-th row of a demo list (ids the seeders act on: a project, a course, an open tender). */
async function nth(t: TestApp, query: ReturnType<typeof sql<{ id: string }>>, n: number): Promise<string> {
  const { rows } = await query.execute(t.app.tambo.deps.db);
  const row = rows[n];
  if (!row) throw new Error(`the demo data has fewer than ${n + 1} rows for ${query.compile(t.app.tambo.deps.db).sql}`);
  return row.id;
}

let producer: DemoProducer | undefined;

/**
 * What the seeders need besides the demo data: the demo exchange producer (its address in the
 * demo data is the demo server's, PORT + 2), started here and named as SERECI's service address.
 */
export async function prepareSeeders(t: TestApp): Promise<void> {
  producer = await startDemoProducer();
  await sql`UPDATE interop.service SET base_url = ${producer.url} WHERE base_url LIKE 'http://127.0.0.1:%'`.execute(t.app.tambo.deps.db);
}

export async function closeSeeders(): Promise<void> {
  await producer?.close();
}

export const SEEDERS: Record<string, Seeder> = {
  identity: async (_t, p) => [p.email, p.documentNumber],
  mailbox: async (t, p) => {
    const subject = tag(p, 'Aviso');
    await notifyAccount(t.app.tambo.deps, { accountId: p.id, agencyCode: 'SEGIP', subject, body: 'Su trámite avanzó.', source: 'test', key: randomUUID() });
    return [subject];
  },
  reports: async (t, p) => {
    const description = tag(p, 'Bache frente a la casa');
    const category = await nth(t, sql<{ id: string }>`SELECT code AS id FROM reports.category WHERE NOT questions @> '[{"required": true}]' ORDER BY code`, 0);
    await createReport(t.app.tambo.deps, { categoryCode: category, description, territoryCode: 'BO-L' }, { actor: { type: 'person', id: p.id } });
    return [description];
  },
  documents: async (t, p) => {
    const title = tag(p, 'Certificado');
    await issueDocument(t.app.tambo.deps, { kind: 'notice', sourceKey: `mis-datos:${randomUUID()}`, accountId: p.id, agencyCode: 'SEGIP', title, body: 'Aviso para {holder}.' });
    return [title];
  },
  transparency: async (t, p) => {
    const question = tag(p, '¿Cuántos funcionarios tiene la entidad? Pregunta');
    const request = await fileRequest(t.app.tambo.deps, { accountId: p.id, grants: [] }, { agencyCode: 'AGETIC', question, format: 'digital' });
    return [request.code];
  },
  postal: async (t, p) => {
    const { shipment } = await registerShipment(
      t.app.tambo.deps,
      { type: 'system', id: 'test' },
      { kind: 'parcel', originOffice: 'AGBC-LPZ', destinationOffice: 'AGBC-CBA', addresseeName: `${p.name} Mamani`, addresseeDocument: p.documentNumber, address: 'Calle 1' },
      { source: 'test' },
    );
    return [shipment.number];
  },
  projects: async (t, p) => {
    const body = tag(p, 'El muro quedó sin terminar, observación');
    await fileObservation(t.app.tambo.deps, p.id, await nth(t, sql<{ id: string }>`SELECT id FROM projects.project ORDER BY id`, 0), body);
    return [body];
  },
  norms: async (t, p) => {
    const body = tag(p, 'Propongo aclarar el artículo, comentario');
    const norm = await nth(t, sql<{ id: string }>`SELECT id FROM norms.consultation WHERE opens_at < now() AND closes_at > now() ORDER BY id`, 0);
    await commentOn(t.app.tambo.deps, p.id, norm, { article: null, body });
    return [body];
  },
  procurement: async (t, p) => {
    const body = tag(p, '¿Se aceptan ofertas parciales? Pregunta');
    await askQuestion(
      t.app.tambo.deps,
      p.id,
      await nth(t, sql<{ id: string }>`SELECT id FROM procurement.tender WHERE status = 'active' AND deadline > now() + interval '1 day' ORDER BY id`, 0),
      body,
    );
    return [body];
  },
  training: async (t, p, n) => {
    const course = await nth(t, sql<{ id: string }>`SELECT id FROM training.course ORDER BY id`, n);
    await enrol(t.app.tambo.deps, p.id, course, null);
    return [course];
  },
  cgii: async (t, p) => {
    const title = tag(p, 'Escaneo de puertos');
    await reportIncident(
      t.app.tambo.deps,
      { kind: 'person', accountId: p.id, analyst: false, contactOf: ['SEGIP'] },
      { agencyCode: 'SEGIP', title, description: 'Escaneo desde el exterior.', detectedAt: new Date().toISOString(), category: 'information-gathering/scanner', severity: 'low', tlp: 'green' },
    );
    return [title];
  },
  registries: async (t, p) => {
    const birthPlace = tag(p, 'Nacida en La Paz, registro');
    await createRecord(t.app.tambo.deps, { kind: 'official', accountId: randomUUID(), agencyCodes: ['SEGIP'] }, REGISTRIES.personas, {
      id: p.documentNumber,
      firstName: p.name,
      lastName: 'Mamani',
      birthDate: '1980-02-02',
      birthPlace,
      sex: 'F',
      civilStatus: 'soltero',
    });
    return [birthPlace];
  },
  payments: async (t, p) => {
    const concept = tag(p, 'Pago del certificado');
    await createOrder(t.app.tambo.deps, { payeeAgency: 'SEGIP', payerAccountId: p.id, concept, amountMinor: 1500 }, { actor: { type: 'person', id: p.id } });
    return [concept];
  },
  peace_justice: async (t, p) => {
    const kind = await nth(t, sql<{ id: string }>`SELECT code AS id FROM peace_justice.kind WHERE mediable ORDER BY position`, 0);
    const id = await requestMediation(
      t.app.tambo.deps,
      { id: p.id, level: 'sustancial', grants: [] },
      {
        kind,
        subject: 'La pared medianera tiene filtraciones desde la casa vecina.',
        territoryCode: 'BO-L',
        parties: [{ name: 'Vecino Prueba', documentNumber: '' }],
      },
    );
    return [await nth(t, sql<{ id: string }>`SELECT code AS id FROM peace_justice.mediation WHERE id = ${id}`, 0)];
  },
  cases: async (t, p) => {
    const slug = await nth(
      t,
      sql<{ id: string }>`SELECT p.slug AS id FROM catalog.procedure p JOIN catalog.procedure_version v ON v.procedure_id = p.id
                                                WHERE v.status = 'published' AND v.is_online AND v.form::text LIKE '%"type": "text"%' ORDER BY p.slug`,
      0,
    );
    const procedure = await getOnlineProcedure(t.app.tambo.deps, slug);
    const page = procedure.form.pages.find((pg) => pg.components.some((c) => c.type === 'text'));
    const field = page?.components.find((c) => c.type === 'text');
    if (!page || !field) throw new Error(`${slug} has no text field to draft`);
    const answer = tag(p, 'Borrador');
    await saveDraft(t.app.tambo.deps, p.id, procedure, { [field.id]: answer }, { id: page.id, pending: null });
    return [answer];
  },
  interop: async (t, p) => {
    // The platform reads for an agency about her through the exchange (the once-only prefill of
    // REJAP's demo procedure, granted on SERECI's demo persons service).
    const issue = `TR-${randomUUID().slice(0, 8).toUpperCase()}`;
    await readForAgency(t.app.tambo.deps, { agencyCode: 'REJAP', service: 'BO/GOV/SERECI/demo/personas', path: '/personas/persona/4567891%20LP', subjectAccountId: p.id, issue });
    return [issue];
  },
  observatory: async (t, p) => {
    const note = tag(p, 'La evaluación de medio término muestra avances, nota');
    const { rows } = await sql<{ code: string; owner_agency: string; start_year: number }>`SELECT code, owner_agency, start_year FROM observatory.plan ORDER BY code LIMIT 1`.execute(
      t.app.tambo.deps.db,
    );
    const plan = rows[0]!;
    await addEvaluation(t.app.tambo.deps, { accountId: p.id, grants: [{ role: 'plan_admin', agency: plan.owner_agency }] }, plan.code, { kind: 'mid_term', year: String(plan.start_year), note });
    return [note];
  },
  enterprises: async (t, p) => {
    const nit = String(Math.floor(1e9 + Math.random() * 8e9));
    await registerUnitAsRepresentative(
      t.app.tambo.deps,
      { accountId: p.id, documentNumber: p.documentNumber },
      { id: nit, name: `Panadería de ${p.name}`, legalForm: 'unipersonal', activityCodes: ['107100'] },
      null,
    );
    const valueDate = new Date().toISOString().slice(0, 10);
    await recordEntry(t.app.tambo.deps, { id: p.id, documentNumber: p.documentNumber }, nit, { kind: 'sale', amountMinor: 2500, valueDate, description: 'Venta de pan', counterpart: 'Cliente' });
    return [nit];
  },
  consultations: async (t, p, n) => {
    // She votes in the open demo consultation, each person in another unit (the poll book
    // records where a person voted, never what); her residence is the unit's territory.
    const deps = t.app.tambo.deps;
    const slug = await nth(t, sql<{ id: string }>`SELECT slug AS id FROM consultations.consultation WHERE voting_open_at < now() AND voting_close_at > now() ORDER BY slug`, 0);
    const view = await getConsultation(deps, slug);
    const unit = view.units.filter((u) => !u.layerCode)[n]!;
    const choice = view.proposals.filter((x) => x.unitCode === unit.code && x.reviewStatus === 'viable').sort((a, b) => a.costMinor - b.costMinor)[0]!;
    const account = (await findAccount(deps, p.id))!;
    await castBallot(deps, { ...account, territoryCode: unit.code }, slug, [choice.id]);
    // And a proposal of hers, filed while proposals were open (the service's clock).
    const title = tag(p, 'Alumbrado de la plaza');
    const during = new Date(view.consultation.proposalsOpenAt.getTime() + 60_000);
    await submitProposal(
      deps,
      { accountId: p.id, type: 'person' },
      view.consultation.id,
      { unitCode: unit.code, title, description: 'Postes de luz en la plaza.', costMinor: 100_000, lat: null, lon: null },
      during,
    );
    return [`"unit_code":"${unit.code}"`, title];
  },
  marketplace: async (t, p) => {
    // She applies to sell as herself; the address on the application is hers.
    const deps = t.app.tambo.deps;
    const [office] = await postOffices(deps);
    const address = tag(p, 'Calle Murillo 12, tienda');
    await applyToSell(deps, (await findAccount(deps, p.id))!, { as: 'self', originOffice: office!.code, address, description: 'Tejidos' });
    return [address];
  },
};
