// "Mis datos" over the real modules: each declaring module answers what it holds about the
// person, and erase removes only what the law allows (drafts, alert subscriptions).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { collectPersonalData, erasePersonalData } from '../src/platform/contract/personal-data.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

async function personWithData(): Promise<string> {
  const db = t.app.tambo.deps.db;
  const id = randomUUID();
  const document = String(Math.floor(Math.random() * 1e9));
  await sql`INSERT INTO identity.account (id, country, document_type, document_number, given_name, family_name, email)
            VALUES (${id}, 'BO', 'CI', ${document}, 'Ana', 'Quispe', ${`${document}@example.org`})`.execute(db);
  await sql`INSERT INTO cases.draft (id, account_id, version_id, answers) VALUES (${randomUUID()}, ${id}, ${randomUUID()}, '{"nombre":"Ana"}')`.execute(db);
  await sql`INSERT INTO reports.subscription (account_id, territory_code) VALUES (${id}, 'BO-L')`.execute(db);
  // A request for public information of hers, and one of somebody else's that must not appear.
  for (const account of [id, randomUUID()]) {
    const code = `SAI-${randomUUID().slice(0, 8).toUpperCase()}`;
    await sql`INSERT INTO transparency.request (id, code, agency_code, question, format, channel, account_id, filed_at, due_at)
              VALUES (${randomUUID()}, ${code}, 'AGETIC', ${`¿Cuántas solicitudes recibió ${code}?`}, 'digital', 'online', ${account}, now(), now() + interval '15 days')`.execute(db);
  }
  // A signed document issued in her name, and one in somebody else's.
  for (const [account, number] of [
    [id, `SEGIP-2026-${document.slice(0, 6)}`],
    [randomUUID(), `SEGIP-2026-X${document.slice(0, 5)}`],
  ] as const) {
    await sql`INSERT INTO documents.document (id, number, verification_code, account_id, agency_code, agency_name, kind, title, holder_name, holder_document, sha256, retain_until)
              VALUES (${randomUUID()}, ${number}, ${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}, ${account}, 'SEGIP', 'Servicio General de Identificación Personal',
                      'certificate', 'Certificado de prueba', 'Ana Quispe', ${`CI ${document}`}, ${'a'.repeat(64)}, '2036-12-07')`.execute(db);
  }
  return id;
}

it("collects the account, drafts and subscriptions from each module's declaration", async () => {
  const accountId = await personWithData();
  const found = await collectPersonalData(t.app.tambo.deps, t.app.tambo.modules, accountId);
  assert.deepEqual(
    found.modules.map((m) => m.module),
    [
      'identity',
      'mailbox',
      'registries',
      'interop',
      'cases',
      'payments',
      'documents',
      'reports',
      'observatory',
      'projects',
      'norms',
      'consultations',
      'peace_justice',
      'procurement',
      'postal',
      'training',
      'cgii',
      'transparency',
      'enterprises',
      'marketplace',
    ],
  );
  const section = (module: string, titleKey: string) => found.modules.find((m) => m.module === module)?.sections.find((s) => s.titleKey === titleKey)?.data;
  assert.equal((section('identity', 'identity.personalData.account') as { given_name: string }).given_name, 'Ana');
  assert.deepEqual(section('mailbox', 'mailbox.personalData.messages'), []);
  assert.deepEqual(
    (section('cases', 'cases.personalData.drafts') as Array<{ answers: unknown }>).map((d) => d.answers),
    [{ nombre: 'Ana' }],
  );
  assert.deepEqual(
    (section('reports', 'reports.personalData.subscriptions') as Array<{ territory_code: string }>).map((s) => s.territory_code),
    ['BO-L'],
  );
  const documents = section('documents', 'documents.personalData.documents') as Array<{ number: string; retain_until: string }>;
  assert.deepEqual(
    documents.map((d) => d.retain_until),
    ['2036-12-07'],
    'hers only, with the day it is kept until',
  );
  const requests = section('transparency', 'transparency.personalData.requests') as Array<{ code: string; status: string }>;
  assert.equal(requests.length, 1, "hers, and nobody else's");
  assert.equal(requests[0]!.status, 'pending');
});

it('erases drafts and subscriptions, and keeps the account', async () => {
  const accountId = await personWithData();
  assert.deepEqual(await erasePersonalData(t.app.tambo.deps, t.app.tambo.modules, accountId), ['reports', 'cases']);
  const found = await collectPersonalData(t.app.tambo.deps, t.app.tambo.modules, accountId);
  const section = (module: string, titleKey: string) => found.modules.find((m) => m.module === module)?.sections.find((s) => s.titleKey === titleKey)?.data;
  assert.equal((section('documents', 'documents.personalData.documents') as unknown[]).length, 1, 'an issued document is an official record: kept');
  assert.deepEqual(section('cases', 'cases.personalData.drafts'), []);
  assert.deepEqual(section('reports', 'reports.personalData.subscriptions'), []);
  assert.ok(section('identity', 'identity.personalData.account'));
});
