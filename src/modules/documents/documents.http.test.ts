// Signed documents over real HTTP: an approved case's certificate is issued, signed, stored
// by hash, audited, delivered to the mailbox and listed in "Mis documentos"; verification by
// code (page, QR address, API) and by file (upload form, API) says valid, a changed byte says
// invalid; the agency revokes it with a reason and verification says revoked.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { emitEvent } from '../../platform/events/outbox.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };

before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

async function approveCase(agencyCode: string): Promise<{ caseId: string; accountId: string }> {
  const account = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${CITIZEN.login}`.execute(db());
  const caseId = randomUUID();
  const payload = {
    caseId,
    procedureId: null,
    accountId: account.rows[0]!.id,
    trackingCode: `T-${caseId.slice(0, 8)}`,
    procedureName: 'Certificado de antecedentes',
    agencyCode,
    outcome: 'approved',
    tacit: null,
    expired: false,
    reason: null,
  };
  await emitEvent(db(), 'cases.decided', payload);
  await t.drain();
  return { caseId, accountId: account.rows[0]!.id };
}

const verifyApi = (body: Record<string, string>) => fetch(`${t.baseUrl}/api/v1/documents/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('signed documents', () => {
  it('an approved case gets a signed, audited certificate in the mailbox; verification by code, QR address, API and upload says valid; revocation says revoked', async () => {
    const agency = (
      await sql<{
        agency_code: string;
      }>`SELECT r.agency_code FROM identity.role_assignment r JOIN identity.account a ON a.id = r.account_id WHERE a.email = ${OFFICIAL.login} AND r.agency_code IS NOT NULL LIMIT 1`.execute(db())
    ).rows[0]!.agency_code;
    const { caseId } = await approveCase(agency);
    const rows = await sql<{
      id: string;
      number: string;
      verification_code: string;
      sha256: string;
    }>`SELECT id, number, verification_code, sha256 FROM documents.document WHERE case_id = ${caseId}`.execute(db());
    assert.equal(rows.rows.length, 1);
    const doc = rows.rows[0]!;
    assert.match(doc.verification_code, /^[0-9A-Z]{20}$/);
    // The issuance is in the audit chain with the file's hash; the mailbox got the same file.
    const audit = await sql<{ data: { sha256: string } }>`SELECT data FROM audit.entry WHERE action = 'documents.document_issued' AND subject_id = ${doc.id}`.execute(db());
    assert.equal(audit.rows[0]?.data.sha256, doc.sha256);
    const attached = await sql<{ sha256: string }>`SELECT a.sha256 FROM mailbox.attachment a JOIN mailbox.message m ON m.id = a.message_id WHERE a.sha256 = ${doc.sha256}`.execute(db());
    assert.equal(attached.rows.length, 1);
    // A retried event issues nothing more.
    await emitEvent(db(), 'cases.decided', { caseId, procedureId: null, accountId: 'x', trackingCode: 'x', procedureName: 'x', agencyCode: agency, outcome: 'approved', expired: false });
    await t.drain();
    assert.equal((await sql`SELECT 1 FROM documents.document WHERE case_id = ${caseId}`.execute(db())).rows.length, 1);

    // The holder: "Mis documentos" lists it and the download is the stored file.
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const mine = await (await citizen.request(`${t.baseUrl}/mis-documentos`)).text();
    assert.match(mine, new RegExp(doc.number));
    // Kept for the profile's ten years from its issue day in the country's calendar, and the page says so.
    const kept = await sql<{ retain_until: string; expected: string }>`
      SELECT to_char(retain_until, 'YYYY-MM-DD') AS retain_until, to_char((issued_at AT TIME ZONE 'America/La_Paz')::date + interval '10 years', 'YYYY-MM-DD') AS expected
      FROM documents.document WHERE id = ${doc.id}`.execute(t.app.tambo.deps.db);
    assert.equal(kept.rows[0]!.retain_until, kept.rows[0]!.expected);
    assert.match(mine, /al menos 10 años desde su emisión/);
    const pdf = Buffer.from(await (await citizen.request(`${t.baseUrl}/mis-documentos/${doc.id}/documento.pdf`)).arrayBuffer());
    assert.equal(createHash('sha256').update(pdf).digest('hex'), doc.sha256);
    // Another person cannot download it.
    assert.equal((await new HttpSession().request(`${t.baseUrl}/mis-documentos/${doc.id}/documento.pdf`)).status === 200, false);
    if (spawnSync('which', ['pdfinfo']).status === 0) {
      const dir = mkdtempSync(join(tmpdir(), 'tambo-doc-'));
      writeFileSync(join(dir, 'd.pdf'), pdf);
      const info = spawnSync('pdfinfo', [join(dir, 'd.pdf')], { encoding: 'utf8' }).stdout;
      rmSync(dir, { recursive: true, force: true });
      assert.match(info, /Tagged:\s+yes/);
      assert.match(info, /Title:\s+Certificado/);
    }

    // By code: the QR address, a typed code with hyphens and lower case, the API.
    const page = await fetch(`${t.baseUrl}/verificar/${doc.verification_code}`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /El documento es válido/);
    assert.match(html, new RegExp(doc.sha256));
    assert.match(html, /Se conserva hasta/);
    assert.doesNotMatch(html, /Quispe Mamani/, 'the holder is masked');
    const typed = doc.verification_code.toLowerCase().replace(/(.{4})(?=.)/g, '$1-');
    const redirected = await fetch(`${t.baseUrl}/verificar/codigo?codigo=${typed}`, { redirect: 'manual' });
    assert.equal(redirected.status, 303);
    assert.match(await (await fetch(new URL(redirected.headers.get('location')!, t.baseUrl))).text(), /El documento es válido/);
    const unknown = await fetch(`${t.baseUrl}/verificar/0000000000000000000Z`);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /href="#campo-codigo"/);
    const byCode = (await (await verifyApi({ code: typed })).json()) as { status: string; signature: { timestamped_at: string; signer: { common_name: string } } };
    assert.equal(byCode.status, 'valid');
    assert.ok(Date.parse(byCode.signature.timestamped_at) > Date.now() - 600_000);

    // By file: exactly a document issued here; one changed byte is not.
    const byFile = (await (await verifyApi({ content: pdf.toString('base64') })).json()) as { status: string; issued_by_tambo: boolean };
    assert.deepEqual([byFile.status, byFile.issued_by_tambo], ['valid', true]);
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('/Title');
    tampered[at + 2] = tampered[at + 2]! ^ 0x01;
    const bad = (await (await verifyApi({ content: tampered.toString('base64') })).json()) as { status: string; issued_by_tambo: boolean; signature: { problems: string[] } };
    assert.deepEqual([bad.status, bad.issued_by_tambo], ['invalid', false]);
    assert.ok(bad.signature.problems.includes('signature_mismatch'));
    const both = await verifyApi({ code: typed, content: pdf.toString('base64') });
    assert.equal(both.status, 400);
    assert.match(both.headers.get('content-type') ?? '', /problem\+json/);
    // The upload form.
    const visitor = new HttpSession();
    const form = await (await visitor.request(`${t.baseUrl}/verificar`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const upload = new FormData();
    upload.set('_csrf', csrf);
    upload.set('archivo', new Blob([pdf], { type: 'application/pdf' }), 'documento.pdf');
    const uploaded = await visitor.request(`${t.baseUrl}/verificar`, { method: 'POST', body: upload });
    assert.equal(uploaded.status, 200);
    assert.match(await uploaded.text(), /exactamente un documento emitido/);

    // The agency revokes it with a reason: verification says revoked.
    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    const manage = await (await official.request(`${t.baseUrl}/gestion/documentos`)).text();
    assert.match(manage, new RegExp(doc.number));
    const revokeForm = formsIn(manage).findIndex((f) => f.action.endsWith('/revocar'));
    const tooShort = await official.submit(`${t.baseUrl}/gestion/documentos`, manage, { number: doc.number, reason: 'no' }, revokeForm);
    assert.equal(tooShort.status, 400);
    assert.match(await tooShort.text(), /href="#campo-reason"/);
    const revoked = await official.submit(`${t.baseUrl}/gestion/documentos`, manage, { number: doc.number, reason: 'Emitido por error de datos' }, revokeForm);
    assert.equal(revoked.status, 303);
    const after = await (await fetch(`${t.baseUrl}/verificar/${doc.verification_code}`)).text();
    assert.match(after, /El documento fue revocado/);
    assert.match(after, /Emitido por error de datos/);
    assert.equal(((await (await verifyApi({ code: doc.verification_code })).json()) as { status: string }).status, 'revoked');
    const revokedAudit = await sql`SELECT 1 FROM audit.entry WHERE action = 'documents.document_revoked' AND subject_id = ${doc.id}`.execute(db());
    assert.equal(revokedAudit.rows.length, 1);
  });
});
