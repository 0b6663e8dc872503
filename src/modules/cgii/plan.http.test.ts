// Institutional Information Security Plans over real HTTP: a contact files the entity's plan
// (bad dates come back as field errors with the input kept; CSRF needed; twenty identical posts
// file one; a later plan with a PDF supersedes it and the figure counts the entity once); the
// centre records observations the entity sees and nobody else; the reminder sweep, on an
// injected clock, reminds 60, 30 and 7 days before the review date and at lapse, once each, and
// the lapse takes the entity out of the figure.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { localDateTime } from '../../platform/country/zoned.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { readPage, signedInPerson } from './cgii.test-helpers.ts';
import { cgiiStats } from './cgii.stats.ts';
import { planFigures, remindPlans } from './plan.service.ts';
import { personViewer, reportIncident } from './cgii.service.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await t?.close();
});

const DAY = 86_400_000;
const db = () => t.app.tambo.deps.db;
const dateIn = (ms: number) => localDateTime(t.app.tambo.deps.country.timeZone, new Date(ms)).date;
const inForce = async (agency: string) => (await readStat(db(), cgiiStats.plans_in_force, { agency })).reduce((s, r) => s + (r.count ?? 0), 0);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

it('files a plan once, supersedes it, shows the observations to the entity only, and reminds before it lapses', async () => {
  const contact = await signedInPerson(t, 'Segip', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const other = await signedInPerson(t, 'Gamlp', [{ role: 'cgii_security_contact', agencyCode: 'GAMLP' }]);
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const now = Date.now();
  const before = await planFigures(t.app.tambo.deps);
  assert.equal(await inForce('SEGIP'), 0);

  const page = await readPage(t, contact.browser, '/cgii/planes');
  assert.equal(page.status, 200);
  const index = formIndex(page.html, (f) => f.action.startsWith('/cgii/planes'));
  const fields = {
    secciones: 'Alcance\nGestión de riesgos\nRespuesta a incidentes',
    responsable: 'Jefatura de Seguridad de la Información',
    aprobado: dateIn(now - 30 * DAY),
    revision: dateIn(now + 100 * DAY),
  };
  const bad = await contact.browser.submit(`${t.baseUrl}/cgii/planes`, page.html, { ...fields, aprobado: dateIn(now + 5 * DAY), revision: dateIn(now - DAY) }, index);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.ok(badHtml.includes('href="#campo-aprobado"') && badHtml.includes('href="#campo-revision"'));
  assert.ok(badHtml.includes('Jefatura de Seguridad de la Información'), 'the input is kept');
  const forged = await contact.browser.request(`${t.baseUrl}/cgii/planes`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  assert.equal(forged.status, 403, 'no CSRF token');
  const analystCsrf = formsIn((await readPage(t, analyst.browser, '/cgii/planes')).html).find((f) => f.hidden._csrf)?.hidden._csrf ?? '';
  const byAnalyst = await analyst.browser.request(`${t.baseUrl}/cgii/planes`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, entidad: 'SEGIP', _csrf: analystCsrf }).toString(),
  });
  assert.equal(byAnalyst.status, 403, 'analysts do not file');

  const burst = await Promise.all(Array.from({ length: 20 }, () => contact.browser.submit(`${t.baseUrl}/cgii/planes`, page.html, fields, index)));
  assert.ok(
    burst.every((r) => r.status === 303),
    burst.map((r) => r.status).join(','),
  );
  const plans = async () =>
    (await sql<{ id: string; superseded_at: Date | null; pdf_sha256: string | null }>`SELECT id, superseded_at, pdf_sha256 FROM cgii.plan WHERE agency_code = 'SEGIP' ORDER BY filed_at`.execute(db()))
      .rows;
  assert.equal((await plans()).length, 1, 'filed once');
  assert.equal(await inForce('SEGIP'), 1);
  const after1 = await planFigures(t.app.tambo.deps);
  assert.equal(after1.centralInForce, before.centralInForce + 1, 'SEGIP is a central-level entity: the share moves');

  // A later plan with its PDF supersedes the first; the entity still counts once.
  const again = await readPage(t, contact.browser, '/cgii/planes');
  const form = formsIn(again.html)[formIndex(again.html, (f) => f.action.startsWith('/cgii/planes'))]!;
  const data = new FormData();
  for (const [k, v] of Object.entries({ ...form.hidden, ...fields, responsable: 'Unidad de Seguridad' })) data.append(k, v);
  data.append('documento', new Blob([PDF], { type: 'application/pdf' }), 'plan-2026.pdf');
  const withPdf = await contact.browser.request(`${t.baseUrl}/cgii/planes`, { method: 'POST', body: data });
  assert.equal(withPdf.status, 303, await withPdf.text());
  const [first, second] = await plans();
  assert.ok(first!.superseded_at && !second!.superseded_at && second!.pdf_sha256);
  assert.equal(await inForce('SEGIP'), 1, 'superseding does not count the entity twice');
  const pdf = await contact.browser.request(`${t.baseUrl}/cgii/planes/${second!.id}/documento`);
  assert.equal(pdf.status, 200);
  assert.deepEqual(new Uint8Array(await pdf.arrayBuffer()), PDF);
  assert.equal((await other.browser.request(`${t.baseUrl}/cgii/planes/${second!.id}/documento`)).status, 404);

  // Observations: the centre writes, the entity sees, nobody else.
  const planPath = `/cgii/planes/${second!.id}`;
  const review = await readPage(t, analyst.browser, planPath);
  const observe = formIndex(review.html, (f) => f.action.includes('/observaciones'));
  assert.equal((await analyst.browser.submit(`${t.baseUrl}${planPath}`, review.html, { observacion: '  ' }, observe)).status, 422);
  assert.equal((await analyst.browser.submit(`${t.baseUrl}${planPath}`, review.html, { observacion: 'Falta la sección de continuidad del servicio.' }, observe)).status, 303);
  assert.match((await readPage(t, contact.browser, planPath)).html, /Falta la sección de continuidad del servicio/);
  const sneaky = await contact.browser.request(`${t.baseUrl}${planPath}/observaciones`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ observacion: 'x', _csrf: form.hidden._csrf ?? '' }).toString(),
  });
  assert.equal(sneaky.status, 403, 'only the centre observes');
  assert.equal((await readPage(t, other.browser, planPath)).status, 404);
  assert.notEqual((await readPage(t, new HttpSession(), planPath)).status, 200);
  assert.doesNotMatch((await readPage(t, other.browser, '/cgii/planes')).html, /Unidad de Seguridad/);

  // Reminders on an injected clock: 60, 30, 7 days before and at lapse, once each.
  const sweep = async (days: number) => (await remindPlans(t.app.tambo.deps, new Date(now + days * DAY))).handled;
  assert.equal(await sweep(0), 0, '100 days left: nothing yet');
  assert.equal(await sweep(45), 1, '55 days left: the 60-day reminder');
  assert.equal(await sweep(46), 0, 'once');
  assert.equal(await sweep(75), 1, '25 days left: the 30-day reminder');
  assert.equal(await sweep(95), 1, '5 days left: the 7-day reminder');
  assert.equal(await sweep(96), 0);
  assert.equal(await inForce('SEGIP'), 1);
  assert.equal(await sweep(101), 1, 'lapsed');
  assert.equal(await sweep(102), 0);
  assert.equal(await inForce('SEGIP'), 0, 'a lapsed plan counts out');
  const reminders = await sql<{ days: number }>`SELECT days FROM cgii.plan_reminder WHERE plan_id = ${second!.id} ORDER BY days DESC`.execute(db());
  assert.deepEqual(
    reminders.rows.map((r) => r.days),
    [60, 30, 7, 0],
  );
  await t.drain();
  await t.drain();
  const notices = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${contact.id} AND subject LIKE '%plan%' ORDER BY subject`.execute(db());
  assert.equal(notices.rows.length, 5, `3 reminders, the lapse and the observation: ${notices.rows.map((r) => r.subject).join(' | ')}`);
  const otherNotices = await sql<{ n: string }>`SELECT count(*) AS n FROM mailbox.message WHERE recipient_account_id = ${other.id}`.execute(db());
  assert.equal(Number(otherNotices.rows[0]!.n), 0);
});

it('counts incidents by sector (the entity’s level group in the register), and lists the plans in "Mis datos"', async () => {
  const contact = await signedInPerson(t, 'Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const central = async () => (await readStat(db(), cgiiStats.reported, { where: { sector: 'central' } })).reduce((s, r) => s + (r.count ?? 0), 0);
  const elsewhere = async () => (await readStat(db(), cgiiStats.reported, { where: { sector: 'territorial' } })).reduce((s, r) => s + (r.count ?? 0), 0);
  const [c0, e0] = [await central(), await elsewhere()];
  const viewer = await personViewer(t.app.tambo.deps, { id: contact.id, isPlatformAdmin: false });
  await reportIncident(t.app.tambo.deps, viewer, {
    agencyCode: 'SEGIP',
    title: 'Escaneo de puertos',
    description: 'Escaneo desde el exterior.',
    detectedAt: new Date().toISOString(),
    category: 'information-gathering/scanner',
    severity: 'low',
    tlp: 'green',
  });
  assert.equal(await central(), c0 + 1, 'SEGIP is in the central level group');
  assert.equal(await elsewhere(), e0);

  const page = await readPage(t, contact.browser, '/cgii/planes');
  const index = formIndex(page.html, (f) => f.action.startsWith('/cgii/planes'));
  const now = Date.now();
  const filed = await contact.browser.submit(
    `${t.baseUrl}/cgii/planes`,
    page.html,
    { secciones: 'Alcance', responsable: 'Oficial de seguridad', aprobado: dateIn(now - DAY), revision: dateIn(now + 300 * DAY) },
    index,
  );
  assert.equal(filed.status, 303);
  assert.match((await readPage(t, contact.browser, '/cuenta/mis-datos')).html, /plan_filed/);
});
