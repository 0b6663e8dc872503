// Revoking an agency's signing certificate over real HTTP: only a platform administrator,
// field errors for a bad serial, reason, date or time, audited; the CRL then lists it, the
// document signed from the revocation time verifies as revoked (page and API) while the one
// signed before stays valid (the timestamp proves when), and the agency's next signature
// uses a new certificate.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as pkijs from 'pkijs';
import type { TestApp } from '../../../test/helpers/app.ts';
import { emitDemoApproval } from '../../../test/helpers/documents.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { signingService } from '../../platform/signing/index.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;
const ADMIN = { login: 'admin@demo.tambo', password: 'Demo-2026-admin' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };
let AGENCY = '';

before(async () => {
  t = await listenTestApp({ demo: true });
  AGENCY = (await sql<{ code: string }>`SELECT code FROM agencies.agency ORDER BY code LIMIT 1`.execute(db())).rows[0]!.code;
});
after(async () => t.close());

async function issue(): Promise<{ code: string; signedAt: Date; serial: string }> {
  const caseId = await emitDemoApproval(db(), { agencyCode: AGENCY, procedureId: null, procedureName: 'Certificado de prueba' });
  await t.drain();
  const doc = (await sql<{ verification_code: string }>`SELECT verification_code FROM documents.document WHERE case_id = ${caseId}`.execute(db())).rows[0]!;
  const verified = (await (
    await fetch(`${t.baseUrl}/api/v1/documents/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: doc.verification_code }) })
  ).json()) as { status: string; signature: { timestamped_at: string; signer: { serial: string } } };
  assert.equal(verified.status, 'valid');
  return { code: doc.verification_code, signedAt: new Date(verified.signature.timestamped_at), serial: verified.signature.signer.serial };
}

const local = (instant: Date) => {
  const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: t.app.tambo.deps.country.timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(instant).split(' ');
  return { date: date!, time: time! };
};

describe('signing certificate revocation', () => {
  it('a platform administrator revokes from a time: later signatures say revoked, earlier ones stay valid; errors name the fields', async () => {
    const before = await issue();
    await sleep(1100); // the timestamps have one-second resolution
    const later = await issue();
    assert.equal(before.serial, later.serial);
    assert.ok(later.signedAt > before.signedAt);

    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    assert.equal((await official.request(`${t.baseUrl}/gestion/documentos/certificados`)).status, 403);

    const admin = new HttpSession();
    await signInPortal(t, admin, ADMIN.login, ADMIN.password);
    const url = `${t.baseUrl}/gestion/documentos/certificados`;
    const page = await (await admin.request(url)).text();
    assert.match(page, new RegExp(later.serial));
    const form = formsIn(page).findIndex((f) => f.action.endsWith('/revocar'));
    const bad = await admin.submit(url, page, { serial: 'abc', reason: 'porque', date: '2026-13-40', time: '25:00' }, form);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const field of ['serial', 'reason']) assert.match(badHtml, new RegExp(`href="#campo-${field}"`));
    assert.match(badHtml, /value="porque"|porque/, 'the input is kept');
    const future = await admin.submit(url, page, { serial: later.serial, reason: 'keyCompromise', date: '2099-01-01', time: '10:00' }, form);
    assert.equal(future.status, 400);
    assert.match(await future.text(), /href="#campo-date"/);

    // Revoked from the later document's second of signing (in the country's time).
    const at = local(later.signedAt);
    const done = await admin.submit(url, page, { serial: later.serial, reason: 'keyCompromise', date: at.date, time: at.time }, form);
    assert.equal(done.status, 303);
    const again = await admin.submit(url, page, { serial: later.serial, reason: 'keyCompromise', date: '', time: '' }, form);
    assert.equal(again.status, 400, 'a replayed revocation changes nothing');
    const audit = await sql<{ data: { reason: string; revokedAt: string } }>`SELECT data FROM audit.entry WHERE action = 'signing.certificate_revoked' AND subject_id = ${later.serial}`.execute(db());
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0]!.data.revokedAt, later.signedAt.toISOString());

    const crl = pkijs.CertificateRevocationList.fromBER(new Uint8Array(await (await fetch(`${t.baseUrl}/pki/emisora.crl`)).arrayBuffer()).buffer);
    assert.deepEqual(
      crl.revokedCertificates?.map((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex')),
      [later.serial],
    );
    const status = async (code: string) =>
      ((await (await fetch(`${t.baseUrl}/api/v1/documents/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { status: string })
        .status;
    assert.equal(await status(later.code), 'revoked');
    assert.equal(await status(before.code), 'valid');
    assert.match(await (await fetch(`${t.baseUrl}/verificar/${later.code}`)).text(), /revocad/i);
    assert.match(await (await admin.request(url)).text(), /Revocado desde/);

    // The agency's next signature: a new certificate, valid.
    const next = await issue();
    assert.notEqual(next.serial, later.serial);
    assert.equal((await signingService(t.app.tambo.deps).agencyCertificates()).filter((c) => c.agencyCode === AGENCY).length, 2);
  });
});
