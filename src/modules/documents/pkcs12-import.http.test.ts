// Importing an agency's certificate from a PKCS#12 file over real HTTP
// (/gestion/documentos/certificados/importar, multipart): platform administrators only, CSRF,
// every refusal shown in the error summary linked to its field with the password never sent
// back; a burst of identical imports makes one certificate and one audit entry; a document
// signed afterwards is valid in pdfsig with the imported chain. Files made by
// `openssl pkcs12 -export`; needs openssl, pdfsig and certutil (installed by .ci/run).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { makePkcs12Files, runTool, samplePdf } from '../../../test/helpers/tools.ts';
import { signingService } from '../../platform/signing/index.ts';

const tools = ['openssl', 'pdfsig', 'certutil'].every((tool) => spawnSync('which', [tool]).status === 0);
const skip = tools ? false : 'needs openssl, pdfsig (poppler-utils) and certutil (libnss3-tools)';

const ADMIN = { login: 'admin@demo.tambo', password: 'Demo-2026-admin' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };
const PASSWORD = 'clave-secreta-del-p12';

let t: TestApp & { baseUrl: string };
let dir: string;
const at = (name: string) => join(dir, name);

before(async () => {
  if (!tools) return;
  t = await listenTestApp({ demo: true });
  dir = mkdtempSync(join(tmpdir(), 'tambo-p12-page-'));
  makePkcs12Files(dir, 'Agencia del Archivo', PASSWORD);
});
after(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = () => `${t.baseUrl}/gestion/documentos/certificados`;

/** Sends the import form of `page` as the browser would (multipart, the CSRF field first). */
async function upload(session: HttpSession, page: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = formsIn(page).find((f) => f.action.endsWith('/importar'));
  assert.ok(form, 'the page has the import form');
  const data = new FormData();
  for (const [name, value] of Object.entries({ ...form.hidden, ...fields })) data.append(name, value);
  if (file) data.append('archivo', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-pkcs12' }), file.name);
  return session.request(new URL(form.action, url()).toString(), { method: 'POST', body: data });
}

describe('PKCS#12 import page', { skip }, () => {
  it('a platform administrator imports a .p12; refusals name their field and never echo the password; a burst imports once; the next signature is valid in pdfsig', async () => {
    const db = t.app.tambo.deps.db;
    const agency = (await sql<{ code: string; name: string }>`SELECT code, name FROM agencies.agency ORDER BY code DESC LIMIT 1`.execute(db)).rows[0]!;
    const good = { bytes: readFileSync(at('good.p12')), name: 'agencia.p12' };

    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    assert.equal((await official.request(url())).status, 403);

    const admin = new HttpSession();
    await signInPortal(t, admin, ADMIN.login, ADMIN.password);
    const page = await (await admin.request(url())).text();
    assert.match(page, /enctype="multipart\/form-data"/);
    assert.match(page, /type="password"/);

    // A forged form (no CSRF token) is refused before anything is read.
    const forged = new FormData();
    forged.append('agencia', agency.code);
    forged.append('clave', PASSWORD);
    forged.append('archivo', new Blob([good.bytes]), 'agencia.p12');
    assert.equal((await admin.request(`${url()}/importar`, { method: 'POST', body: forged })).status, 403);

    const refused = async (fields: Record<string, string>, file: { bytes: Uint8Array; name: string } | undefined, field: string, message: RegExp) => {
      const response = await upload(admin, page, fields, file);
      assert.equal(response.status, 400, `${field}: ${message}`);
      const html = await response.text();
      assert.match(html, new RegExp(`href="#campo-${field}"`), `the summary links to ${field}`);
      assert.match(html, message);
      assert.doesNotMatch(html, new RegExp(fields.clave ? fields.clave : '\u0000'), 'the password is never sent back');
      assert.doesNotMatch(html, /Internal Server Error|at .*\.ts:\d+/);
      return html;
    };
    const kept = await refused({ agencia: agency.code, clave: 'otra-clave-equivocada' }, good, 'clave', /La contraseña no abre este archivo/);
    assert.match(kept, new RegExp(`<option[^>]*value="${agency.code}"[^>]*selected`), 'the agency chosen is kept');
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: readFileSync(at('alone.p12')), name: 'sola.p12' }, 'archivo', /no llega a una entidad raíz de confianza/);
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: readFileSync(at('nokey.p12')), name: 'sin-clave.p12' }, 'archivo', /no contiene la clave privada/);
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: readFileSync(at('nocert.p12')), name: 'sin-certificado.p12' }, 'archivo', /no contiene ningún certificado/);
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: await samplePdf('Firmado con el certificado importado'), name: 'documento.p12' }, 'archivo', /no es un certificado PKCS#12/);
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x03]), name: 'roto.p12' }, 'archivo', /no es un certificado PKCS#12/);
    const big = Buffer.alloc(70 * 1024, 0x41);
    big.set([0x30, 0x83, 0x01, 0x17, 0xfb, 0x02, 0x01, 0x03]);
    await refused({ agencia: agency.code, clave: PASSWORD }, { bytes: big, name: 'grande.p12' }, 'archivo', /supera los 64 KB/);
    await refused({ agencia: agency.code, clave: PASSWORD }, undefined, 'archivo', /Elija el archivo .p12 o .pfx/);
    await refused({ agencia: 'NO-EXISTE', clave: PASSWORD }, good, 'agencia', /Elija la institución/);
    assert.equal((await sql`SELECT 1 FROM audit.entry WHERE action = 'signing.certificate_imported'`.execute(db)).rows.length, 0, 'nothing imported by a refusal');

    // 40 identical imports at once (a double click, a replay): one certificate, one audit entry.
    const burst = await Promise.all(Array.from({ length: 40 }, () => upload(admin, page, { agencia: agency.code, clave: PASSWORD }, good)));
    assert.deepEqual(new Set(burst.map((r) => r.status)), new Set([303]));
    const location = burst[0]!.headers.get('location')!;
    const serial = new URL(location, url()).searchParams.get('importado')!;
    const rows = await sql<{ source: string; agency_code: string }>`SELECT source, agency_code FROM platform.signing_certificate WHERE serial = ${serial}`.execute(db);
    assert.deepEqual(rows.rows, [{ source: 'pkcs12', agency_code: agency.code }]);
    assert.equal((await sql`SELECT 1 FROM audit.entry WHERE action = 'signing.certificate_imported' AND subject_id = ${serial}`.execute(db)).rows.length, 1);
    const done = await (await admin.request(new URL(location, url()).toString())).text();
    assert.match(done, new RegExp(`Certificado ${serial} importado`));
    assert.match(done, /Agencia del Archivo/);

    // The agency's next signature is by the imported certificate, valid for pdfsig trusting the file's root.
    const signed = await signingService(t.app.tambo.deps).signPdf(await samplePdf('Firmado con el certificado importado'), agency);
    const ours = await signingService(t.app.tambo.deps).verifyPdf(signed);
    assert.equal(ours.status, 'valid', ours.problems.join());
    assert.equal(ours.signer?.serial, serial);
    const nss = at('nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', at('ca.pem')]);
    writeFileSync(at('signed.pdf'), signed);
    const report = (await runTool('pdfsig', ['-nssdir', `sql:${nss}`, at('signed.pdf')])).stdout;
    assert.match(report, /Signature is Valid/, report);
    assert.match(report, /Certificate is Trusted/, report);
    assert.match(report, /Agencia del Archivo/, report);
  });
});
