// Paper certificates over real HTTP: a facilitator issues, for an attendee without an account
// whose attendance is completed, the signed certificate (twenty clicks at once issue one
// document, audited once), opens its PDF (signature valid, the name and code printed) and
// anyone verifies the code at /verificar; the document has no account and is in no one's
// "Mis documentos". An attendee not completed is 409, another agency's facilitator 403 (issue
// and PDF), a post without the CSRF token 403.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, type HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { signingService } from '../../platform/signing/index.ts';
import { saveAgency } from '../agencies/index.ts';
import { groupCode, maskName } from '../documents/documents.types.ts';
import { createCohortAs, signedInPerson } from './training.test-helpers.ts';
import { seedCourses } from './training.service.ts';

let t: TestApp & { baseUrl: string };
const COURSE = 'usa-tu-ciudadania-digital';
const db = () => t.app.tambo.deps.db;

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const code of ['AGETIC', 'SEGIP'])
    await saveAgency(t.app.tambo.deps, { code, name: `Entidad ${code}`, acronym: code, kind: 'national', territoryCode: null, mission: 'Prueba' }, { type: 'system' });
  await seedCourses(t.app.tambo.deps);
});
after(async () => {
  await t?.close();
});

async function page(browser: HttpSession, path: string): Promise<{ url: string; html: string; status: number }> {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { url: `${t.baseUrl}${path}`, html: await response.text(), status: response.status };
}

const post = (browser: HttpSession, path: string, fields: Record<string, string>) =>
  browser.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

it('a facilitator prints the signed certificate of an attendee without an account, once; anyone verifies its code', async () => {
  const facilitator = await signedInPerson(t, 'Fabi', [{ agency: 'AGETIC', role: 'training_facilitator' }]);
  const cohortPath = await createCohortAs(t, facilitator.browser, { entidad: 'AGETIC', curso: COURSE, nombre: 'Infocentro Sorata' });
  for (const [nombre, documento, completo] of [
    ['Juana Mamani Quispe', '4455667', 'si'],
    ['Pedro Choque', '7788990', 'no'],
  ] as const) {
    const cohort = await page(facilitator.browser, cohortPath);
    const saved = await facilitator.browser.submit(
      cohort.url,
      cohort.html,
      { nombre, documento, fecha: '2026-03-15', completo },
      formIndex(cohort.html, (f) => f.action.includes('/asistencia')),
    );
    assert.equal(saved.status, 303);
  }

  // Only the completed attendee is offered a certificate.
  const cohort = await page(facilitator.browser, cohortPath);
  assert.match(cohort.html, /Emitir el certificado de Juana Mamani Quispe/);
  assert.doesNotMatch(cohort.html, /Emitir el certificado de Pedro Choque/);
  const csrf = formsIn(cohort.html)[0]!.hidden._csrf!;
  const notCompleted = await post(facilitator.browser, `${cohortPath}/certificados`, { _csrf: csrf, documento: '7788990' });
  assert.equal(notCompleted.status, 409);
  assert.match(await notCompleted.text(), /cuando la asistencia está completa/);
  assert.equal((await post(facilitator.browser, `${cohortPath}/certificados`, { documento: '4455667' })).status, 403, 'no CSRF token');

  // Another agency's facilitator may neither issue nor read.
  const stranger = await signedInPerson(t, 'Sergio', [{ agency: 'SEGIP', role: 'training_facilitator' }]);
  const strangerCsrf = formsIn((await page(stranger.browser, '/capacitacion/facilitacion')).html)[0]!.hidden._csrf!;
  assert.ok(strangerCsrf.length > 10, 'a CSRF token of the stranger’s own session');
  const refused = await post(stranger.browser, `${cohortPath}/certificados`, { _csrf: strangerCsrf, documento: '4455667' });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /No tiene permiso para esto/, 'refused for the role, not the token');

  // Twenty clicks at once: one document, one audit entry.
  const form = formIndex(cohort.html, (f) => f.action.endsWith('/certificados') && f.hidden.documento === '4455667');
  const burst = await Promise.all(Array.from({ length: 20 }, () => facilitator.browser.submit(cohort.url, cohort.html, {}, form)));
  assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
  const docs = await sql<{ number: string; verification_code: string; account_id: string | null; holder_name: string; holder_document: string; sha256: string }>`
    SELECT number, verification_code, account_id, holder_name, holder_document, sha256 FROM documents.document WHERE source_key LIKE ${`training-paper:${COURSE}:%`}`.execute(db());
  assert.equal(docs.rows.length, 1, 'one document');
  const doc = docs.rows[0]!;
  assert.equal(doc.account_id, null);
  assert.equal(doc.holder_name, 'Juana Mamani Quispe');
  assert.equal(doc.holder_document, '4455667');
  const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'training.paper_certificate_issued' AND subject_id = ${cohortPath.split('/').pop()!}`.execute(db());
  assert.equal(audits.rows[0]!.n, 1, 'audited once');
  assert.ok(
    burst.some((r) => r.headers.get('location')!.endsWith(`/certificados/${doc.number}`)),
    'the winner opens the PDF',
  );

  // The PDF: the facilitator's to print (its signature valid, the name and code printed); the stranger's 403.
  const printed = await page(facilitator.browser, cohortPath);
  assert.match(printed.html, new RegExp(`Imprimir el certificado de Juana Mamani Quispe \\(${doc.number}\\)`));
  const pdfPath = `${cohortPath}/certificados/${doc.number}`;
  const pdf = await facilitator.browser.request(`${t.baseUrl}${pdfPath}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  const verified = await signingService(t.app.tambo.deps).verifyPdf(bytes);
  assert.equal(verified.status, 'valid', verified.problems.join());
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tambo-paper-')), 'certificado.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  assert.match(text, /Juana Mamani Quispe/);
  assert.ok(text.includes(groupCode(doc.verification_code)), 'the verification code is printed');
  assert.equal((await page(stranger.browser, pdfPath)).status, 403);
  assert.equal((await page(facilitator.browser, `${cohortPath}/certificados/AGETIC-2026-999999`)).status, 404);

  // Anyone verifies the code: valid, with the name as printed (masked as every verification shows it).
  const verification = await (await fetch(`${t.baseUrl}/verificar/${doc.verification_code}`)).text();
  assert.match(verification, /Válido/);
  assert.ok(verification.includes(maskName('Juana Mamani Quispe')), 'the name of the certificate');

  // A document without an account is in no one's "Mis documentos".
  const mine = await page(facilitator.browser, '/mis-documentos');
  assert.equal(mine.status, 200);
  assert.ok(!mine.html.includes(doc.number));
});
