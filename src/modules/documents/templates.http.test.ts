// Publishers' document templates over real HTTP (docs/signed-documents.md, "Templates"): who may
// edit which template (403 for another agency's procedure and for the defaults but to platform
// administrators), CSRF, every 422 branch with its linked summary and the input kept, the audit
// entry with the old and new text's hash, a burst of identical posts storing once, issuance
// using the saved text while documents already issued stay the same bytes, the unsigned and
// unstored sample PDF (pdftotext, pdfsig), and "Volver al predeterminado".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { emitDemoApproval } from '../../../test/helpers/documents.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { readFile } from '../../platform/files/index.ts';
import { templateHash } from './templates.types.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;
let AGENCY = '';
let OTHER = '';
const dir = mkdtempSync(path.join(tmpdir(), 'tambo-templates-'));
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

before(async () => {
  t = await listenTestApp({ demo: true });
  const codes = (await sql<{ code: string }>`SELECT code FROM agencies.agency ORDER BY code LIMIT 2`.execute(db())).rows;
  AGENCY = codes[0]!.code;
  OTHER = codes[1]!.code;
});
after(async () => t.close());

let people = 0;
/** A signed-in person with these roles (a platform administrator when asked). */
async function person(roles: Array<{ agencyCode: string; role: 'publisher' | 'case_handler' }>, isPlatformAdmin = false): Promise<{ browser: HttpSession; id: string }> {
  people += 1;
  const email = `plantillas-${people}-${randomUUID().slice(0, 6)}@example.org`;
  const id = await testAccount(t.app.tambo.deps, { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Editora', email, roles, isPlatformAdmin });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(signed.status, 200, signed.html.slice(0, 300));
  return { browser, id };
}

const procedure = (agencyCode: string) => createOnlineProcedure(db(), { slug: `plantilla-${randomUUID().slice(0, 8)}`, agencyCode });
const editUrl = (procedureId: string | null, outcome = 'aprobado') => `${t.baseUrl}/gestion/documentos/plantillas/${procedureId ?? 'predeterminada'}/${outcome}`;
const audits = async (subject?: string) =>
  (
    await sql<{ actor_type: string; actor_id: string; subject_id: string; data: Record<string, unknown> }>`
      SELECT actor_type, actor_id, subject_id, data FROM audit.entry WHERE action = 'documents.template_changed' ${subject ? sql`AND data->>'procedureId' = ${subject}` : sql`AND data->>'procedureId' IS NULL`} ORDER BY occurred_at`.execute(
      db(),
    )
  ).rows;
const ownTemplate = async (procedureId: string) =>
  (await sql<{ id: string; kind: string; title: string; body: string }>`SELECT id, kind, title, body FROM documents.template WHERE procedure_id = ${procedureId}`.execute(db())).rows;

async function editForm(browser: HttpSession, url: string): Promise<{ html: string; index: number }> {
  const response = await browser.request(url);
  assert.equal(response.status, 200);
  const html = await response.text();
  return { html, index: formIndex(html, (f) => f.action === new URL(url).pathname) };
}

/** Issues a document for a case of the procedure as the approval's event does, and answers its extracted text and bytes. */
async function issueFor(procedureId: string): Promise<{ sha256: string; text: string; bytes: Buffer }> {
  const caseId = await emitDemoApproval(db(), { agencyCode: AGENCY, procedureId, procedureName: 'Licencia de prueba' });
  await t.drain();
  // pdftotext joins a word broken at a line's end (the tracking code's hyphen may go).
  const row = (await sql<{ sha256: string }>`SELECT sha256 FROM documents.document WHERE case_id = ${caseId}`.execute(db())).rows[0]!;
  const bytes = (await readFile(db(), row.sha256))!.content;
  const file = path.join(dir, `${row.sha256}.pdf`);
  writeFileSync(file, bytes);
  return { sha256: row.sha256, text: execFileSync('pdftotext', [file, '-']).toString(), bytes };
}

describe('document templates', () => {
  it('only publishers of the procedure edit its templates; the defaults only platform administrators; others get 403', async () => {
    const mine = await procedure(AGENCY);
    const theirs = await procedure(OTHER);
    const publisher = await person([{ agencyCode: AGENCY, role: 'publisher' }]);
    const list = await publisher.browser.request(`${t.baseUrl}/gestion/documentos/plantillas`);
    assert.equal(list.status, 200);
    const html = await list.text();
    assert.ok(html.includes(`/gestion/documentos/plantillas/${mine.procedureId}/aprobado`));
    assert.ok(!html.includes(theirs.procedureId), 'another agency’s procedure is not listed');
    assert.ok(!html.includes('/plantillas/predeterminada/'), 'a publisher is not offered the defaults');
    assert.match(html, /no cambia los documentos ya emitidos/);
    assert.equal((await publisher.browser.request(editUrl(theirs.procedureId))).status, 403);
    assert.equal((await publisher.browser.request(editUrl(null))).status, 403);
    assert.equal((await publisher.browser.request(editUrl(mine.procedureId))).status, 200);
    assert.equal((await publisher.browser.request(editUrl(mine.procedureId, 'otro'))).status, 404);
    assert.equal((await publisher.browser.request(editUrl(randomUUID()))).status, 404);

    // A case handler (staff, but no publisher) and a publisher of another agency.
    const handler = await person([{ agencyCode: AGENCY, role: 'case_handler' }]);
    assert.equal((await handler.browser.request(`${t.baseUrl}/gestion/documentos/plantillas`)).status, 403);
    assert.equal((await handler.browser.request(editUrl(mine.procedureId))).status, 403);
    const stranger = await person([{ agencyCode: OTHER, role: 'publisher' }]);
    // The other agency's publisher posting with their own CSRF token on this procedure's form: 403, nothing stored.
    const { html: strangerPage, index: strangerIndex } = await editForm(stranger.browser, editUrl(theirs.procedureId));
    const forged = await stranger.browser.submit(editUrl(theirs.procedureId), strangerPage, { kind: 'certificate', title: 'Ajeno', body: 'Texto ajeno {holder}' }, strangerIndex);
    assert.equal(forged.status, 303, 'their own procedure: saved');
    const cross = await stranger.browser.request(editUrl(mine.procedureId), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...formsIn(strangerPage)[strangerIndex]!.hidden, kind: 'certificate', title: 'X', body: 'Y', accion: 'guardar' }).toString(),
    });
    assert.equal(cross.status, 403);
    assert.equal((await ownTemplate(mine.procedureId)).length, 0);

    const admin = await person([], true);
    assert.equal((await admin.browser.request(editUrl(null, 'denegado'))).status, 200);
    const adminList = await (await admin.browser.request(`${t.baseUrl}/gestion/documentos/plantillas`)).text();
    assert.ok(adminList.includes('/gestion/documentos/plantillas/predeterminada/aprobado'));
    assert.ok((await (await admin.browser.request(`${t.baseUrl}/admin`)).text()).includes('href="/gestion/documentos/plantillas"'), 'linked from the administration home');
  });

  it('bad text answers 422 with a summary linked to the fields and the input kept; without the CSRF token 403; nothing stored', async () => {
    const { procedureId } = await procedure(AGENCY);
    const publisher = await person([{ agencyCode: AGENCY, role: 'publisher' }]);
    const url = editUrl(procedureId);
    const { html, index } = await editForm(publisher.browser, url);
    const cases: Array<{ fields: Record<string, string>; field: string; message: RegExp }> = [
      { fields: { kind: 'certificate', title: 'Certificado', body: 'Otorgado a {titular} el {date}' }, field: 'body', message: /El marcador \{titular\} no existe/ },
      { fields: { kind: 'certificate', title: 'Certificado {procedure', body: 'Texto' }, field: 'title', message: /llave sin su pareja/ },
      { fields: { kind: 'certificate', title: 'Certificado', body: 'Texto } suelto' }, field: 'body', message: /llave sin su pareja/ },
      { fields: { kind: 'certificate', title: '   ', body: 'Texto' }, field: 'title', message: /Escriba el título/ },
      { fields: { kind: 'certificate', title: 'Certificado', body: '' }, field: 'body', message: /Escriba el texto/ },
      { fields: { kind: 'certificate', title: 'Certificado', body: 'á'.repeat(5001) }, field: 'body', message: /5\.001 caracteres; el máximo es 5\.000/ },
      { fields: { kind: 'certificate', title: 'T'.repeat(201), body: 'Texto' }, field: 'title', message: /el máximo es 200/ },
      { fields: { kind: 'pasaporte', title: 'Certificado', body: 'Texto' }, field: 'kind', message: /Elija el tipo de documento/ },
    ];
    for (const { fields, field, message } of cases) {
      for (const accion of ['guardar', 'muestra']) {
        const response = await publisher.browser.submit(url, html, { ...fields, accion }, index);
        assert.equal(response.status, 422, `${field} ${accion}`);
        const page = await response.text();
        assert.match(page, message);
        assert.match(page, new RegExp(`href="#campo-${field}"`));
        assert.match(page, /<title>Error:/);
        if (fields.body && fields.body.length < 100) assert.ok(page.includes(fields.body.replace(/&/g, '&amp;')), 'the body typed is kept');
      }
    }
    const noCsrf = await publisher.browser.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ kind: 'certificate', title: 'Sin token', body: 'Texto {holder}', accion: 'guardar' }).toString(),
    });
    assert.equal(noCsrf.status, 403);
    assert.equal((await ownTemplate(procedureId)).length, 0);
    assert.equal((await audits(procedureId)).length, 0);
  });

  it('saving is audited with the old and new hash, once for a burst; issuance uses it; issued documents never change', {
    skip: !hasPoppler && 'pdftotext (poppler-utils) is not installed',
  }, async () => {
    const { procedureId } = await procedure(AGENCY);
    const publisher = await person([{ agencyCode: AGENCY, role: 'publisher' }]);
    const before = await issueFor(procedureId);
    assert.match(before.text, /certifica que el trámite/, 'the default template');

    const url = editUrl(procedureId);
    const { html, index } = await editForm(publisher.browser, url);
    const fields = {
      kind: 'certificate',
      title: 'Licencia municipal: {procedure}',
      body: 'Se concede a {holder} ({document}) la licencia del expediente {tracking}, el {date}, por {agency}.',
      accion: 'guardar',
    };
    const burst = await Promise.all(Array.from({ length: 40 }, () => publisher.browser.submit(url, html, fields, index)));
    assert.deepEqual(new Set(burst.map((r) => r.status)), new Set([303]));
    const stored = await ownTemplate(procedureId);
    assert.equal(stored.length, 1);
    const entries = await audits(procedureId);
    assert.equal(entries.length, 1, 'one change for 40 identical posts');
    const defaultText = (await sql<{ kind: string; title: string; body: string }>`SELECT kind, title, body FROM documents.template WHERE procedure_id IS NULL AND outcome = 'approved'`.execute(db()))
      .rows[0]!;
    assert.equal(entries[0]!.actor_type, 'official');
    assert.equal(entries[0]!.actor_id, publisher.id);
    assert.equal(entries[0]!.data.oldSha256, templateHash(defaultText));
    assert.equal(entries[0]!.data.newSha256, templateHash(fields));
    const page = await (await publisher.browser.follow(new URL(burst[0]!.headers.get('location')!, url).toString())).response.text();
    assert.match(page, /Plantilla guardada/);

    const after = await issueFor(procedureId);
    assert.match(after.text, /Licencia municipal: Licencia de prueba/);
    assert.match(after.text.replace(/\s+/g, ' '), /Se concede a [^(]+ \([^)]+\) la licencia del expediente T-?[0-9a-f]{8}, el \d+ de \S+ de \d{4}, por /);
    // The document issued before is the same stored PDF.
    assert.deepEqual((await readFile(db(), before.sha256))!.content, before.bytes);

    // The same text again (a new form key): nothing changes, nothing audited.
    const again = await editForm(publisher.browser, url);
    assert.equal((await publisher.browser.submit(url, again.html, fields, again.index)).status, 303);
    assert.equal((await audits(procedureId)).length, 1);
  });

  it('the sample is the edited text with made-up data, marked MUESTRA, unsigned, never stored', { skip: !hasPoppler && 'poppler-utils is not installed' }, async () => {
    const { procedureId } = await procedure(AGENCY);
    const publisher = await person([{ agencyCode: AGENCY, role: 'publisher' }]);
    const url = editUrl(procedureId, 'denegado');
    const { html, index } = await editForm(publisher.browser, url);
    const documents = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM documents.document`.execute(db())).rows[0]!.n);
    const count = await documents();
    const response = await publisher.browser.submit(
      url,
      html,
      { kind: 'resolution', title: 'Resolución sobre {procedure}', body: 'Se deniega a {holder}, titular de {document}, el expediente {tracking}.', accion: 'muestra' },
      index,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.match(response.headers.get('content-disposition') ?? '', /^inline/);
    const file = path.join(dir, `muestra-${procedureId}.pdf`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    assert.match(text, /MUESTRA — sin validez/);
    assert.match(text, /Resolución sobre Certificado de prueba plantilla-/);
    assert.match(text, /Se deniega a Juana Ejemplo Modelo, titular de Documento 0000000, el expediente EJEMPLO-0000\./);
    assert.match(text, /Sin código de verificación/);
    assert.match(execFileSync('pdfinfo', [file]).toString(), /Tagged:\s+yes/);
    let sig = '';
    try {
      sig = execFileSync('pdfsig', [file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    } catch (error) {
      sig = String((error as { stdout?: Buffer }).stdout ?? '') + String((error as { stderr?: Buffer }).stderr ?? '');
    }
    assert.match(sig, /does not contain any signatures/);
    assert.equal(await documents(), count, 'no document row');
    assert.equal((await ownTemplate(procedureId)).length, 0, 'the sample saves nothing');
    assert.equal((await audits(procedureId)).length, 0);
  });

  it('"Volver al predeterminado" removes the procedure’s own template (audited, once); a platform administrator edits the defaults', async () => {
    const { procedureId } = await procedure(AGENCY);
    const publisher = await person([{ agencyCode: AGENCY, role: 'publisher' }]);
    const url = editUrl(procedureId);
    let form = await editForm(publisher.browser, url);
    assert.ok(!form.html.includes('/predeterminada"'), 'no restore form before it has its own');
    const own = { kind: 'resolution', title: 'Propia {procedure}', body: 'Texto propio de {holder}', accion: 'guardar' };
    assert.equal((await publisher.browser.submit(url, form.html, own, form.index)).status, 303);
    form = await editForm(publisher.browser, url);
    const restoreIndex = formIndex(form.html, (f) => f.action.endsWith('/aprobado/predeterminada'));
    const restored = await publisher.browser.submit(url, form.html, {}, restoreIndex);
    assert.equal(restored.status, 303);
    assert.equal((await ownTemplate(procedureId)).length, 0);
    const page = await (await publisher.browser.request(new URL(restored.headers.get('location')!, url).toString())).text();
    assert.match(page, /volvió a usar la plantilla predeterminada/);
    assert.match(page, /usa ahora la plantilla predeterminada/);
    // Replayed: nothing left to remove, nothing audited.
    assert.equal((await publisher.browser.submit(url, form.html, {}, restoreIndex)).status, 303);
    const entries = await audits(procedureId);
    assert.equal(entries.length, 2);
    assert.equal(entries[1]!.data.restoredDefault, true);
    assert.equal(entries[1]!.data.oldSha256, templateHash(own));

    const admin = await person([], true);
    const defaults = editUrl(null, 'denegado');
    const adminForm = await editForm(admin.browser, defaults);
    const changed = { kind: 'resolution', title: 'Resolución: {procedure}', body: '{agency} deniega el trámite {procedure} ({tracking}) de {holder}, {document}, el {date}.', accion: 'guardar' };
    assert.equal((await admin.browser.submit(defaults, adminForm.html, changed, adminForm.index)).status, 303);
    const row = (await sql<{ body: string }>`SELECT body FROM documents.template WHERE procedure_id IS NULL AND outcome = 'rejected'`.execute(db())).rows[0]!;
    assert.equal(row.body, changed.body);
    const adminAudit = (await audits()).at(-1)!;
    assert.equal(adminAudit.actor_type, 'admin');
    assert.equal(adminAudit.data.newSha256, templateHash(changed));
    assert.ok(!adminForm.html.includes('/denegado/predeterminada"'), 'a default has nothing to go back to');
  });
});
