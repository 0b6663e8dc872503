// Agencies' signing keys in a PKCS#11 token (docs/signed-documents.md, "Keys in a PKCS#11
// token"), against Debian's softhsm2: a token made in a temporary SOFTHSM2_CONF, keys
// generated in it (RSA 2048 and ECDSA P-256, sensitive, never extractable), the demo issuing
// CA certifies them, documents are issued through the token and verified by pdfsig and
// `openssl cms -verify`; a wrong PIN issues nothing. Needs softhsm2, opensc (pkcs11-tool),
// poppler-utils, libnss3-tools and openssl (installed by .ci/run); skipped without them. The
// certificates page binds a token key over real HTTP.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { certificatePem, opensslCmsVerify, runTool, samplePdf } from '../../../test/helpers/tools.ts';
import { readFile } from '../../platform/files/index.ts';
import { readPdfSignature, signingService } from '../../platform/signing/index.ts';
import type { Pkcs11Error } from '../../platform/signing/pkcs11.ts';
import { issueDocument, verifyByCode } from './index.ts';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const tools = ['softhsm2-util', 'pkcs11-tool', 'pdfsig', 'certutil', 'openssl'].every((tool) => spawnSync('which', [tool]).status === 0) && spawnSync('test', ['-f', MODULE]).status === 0;
const skip = tools ? false : 'needs softhsm2 (softhsm2-util, libsofthsm2.so), opensc (pkcs11-tool), pdfsig (poppler-utils), certutil (libnss3-tools) and openssl';

const PIN = '314159';

let t: TestApp & { baseUrl: string };
let dir: string;
let nss: string;
const p11 = (...args: string[]) =>
  execFileSync('pkcs11-tool', ['--module', MODULE, '--token-label', 'tambo-prueba', ...args], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, P11PIN: PIN } });

before(async () => {
  if (!tools) return;
  dir = mkdtempSync(join(tmpdir(), 'tambo-pkcs11-'));
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  // The service's pkcs11-tool children inherit it.
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'tambo-prueba', '--pin', PIN, '--so-pin', '271828'], { stdio: 'pipe' });
  p11('--login', '--pin', 'env:P11PIN', '--keypairgen', '--key-type', 'rsa:2048', '--label', 'agencia-rsa', '--id', 'a1', '--sensitive');
  p11('--login', '--pin', 'env:P11PIN', '--keypairgen', '--key-type', 'EC:prime256v1', '--label', 'agencia-ec', '--id', 'e1', '--sensitive');
  p11('--login', '--pin', 'env:P11PIN', '--keypairgen', '--key-type', 'rsa:2048', '--label', 'exportable', '--id', 'b2', '--extractable');
  t = await listenTestApp({ demo: true, config: { signingPkcs11: { module: MODULE, token: 'tambo-prueba', pin: PIN } } });
  const { root } = await signingService(t.app.tambo.deps).authorities();
  writeFileSync(join(dir, 'root.pem'), certificatePem(root));
  nss = join(dir, 'nss');
  mkdirSync(nss);
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
});
after(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const actor = { id: '00000000-0000-7000-8000-000000000001' };

/** pdfsig and openssl cms on a signed PDF; answers openssl's printout of the CMS. */
async function independentlyValid(pdf: Buffer, name: string, signer: RegExp): Promise<string> {
  writeFileSync(join(dir, `${name}.pdf`), pdf);
  const report = (await runTool('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, `${name}.pdf`)])).stdout;
  assert.match(report, /Signature is Valid/, report);
  assert.match(report, /Certificate is Trusted/, report);
  assert.match(report, /Total document signed/, report);
  assert.match(report, signer, report);
  const signature = readPdfSignature(pdf)!;
  writeFileSync(join(dir, `${name}.cms`), signature.cms);
  writeFileSync(join(dir, `${name}.content`), signature.signedContent);
  const cms = await opensslCmsVerify(join(dir, `${name}.cms`), join(dir, `${name}.content`), join(dir, 'root.pem'));
  assert.match(cms.stderr, /Verification successful/, cms.stderr);
  return (await runTool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, `${name}.cms`)])).stdout;
}

async function demoAgencies(): Promise<{ code: string; name: string }[]> {
  return (await sql<{ code: string; name: string }>`SELECT code, name FROM agencies.agency ORDER BY code LIMIT 3`.execute(t.app.tambo.deps.db)).rows;
}

describe('PKCS#11 signing keys (softhsm2)', { skip }, () => {
  it('issues a document signed by an RSA key in the token: pdfsig and openssl cms say valid; only the token reference is stored; the key never leaves the token', async () => {
    const deps = t.app.tambo.deps;
    const [agency] = await demoAgencies();
    const service = signingService(deps);
    const serial = await service.usePkcs11Key(agency!, 'a1', actor, null);
    const row = (await sql<{ sealed_key: string; source: string }>`SELECT sealed_key, source FROM platform.signing_certificate WHERE serial = ${serial}`.execute(deps.db)).rows[0]!;
    assert.equal(row.sealed_key, 'pkcs11:id=a1', 'the token reference, no key and no PIN');
    assert.equal((await sql`SELECT 1 FROM audit.entry WHERE action = 'signing.pkcs11_key_bound' AND subject_id = ${serial}`.execute(deps.db)).rows.length, 1);
    const current = (await service.agencyCertificates()).filter((c) => c.agencyCode === agency!.code && !c.replacedAt);
    assert.deepEqual(
      current.map((c) => c.serial),
      [serial],
    );

    const accountId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps.db)).rows[0]!.id;
    const document = await issueDocument(deps, {
      kind: 'receipt',
      sourceKey: 'pkcs11-test:1',
      accountId,
      agencyCode: agency!.code,
      title: 'Comprobante firmado en HSM',
      body: '{agency} firmó con su HSM.',
    });
    assert.ok(document);
    const verified = await verifyByCode(deps, document.verificationCode);
    assert.equal(verified.status, 'valid', verified.signature.problems.join());
    assert.equal(verified.signature.signer?.serial, serial);
    const pdf = (await readFile(deps.db, document.sha256))!.content;
    const printed = await independentlyValid(pdf, 'rsa', new RegExp(agency!.name.slice(0, 10)));
    assert.match(printed, /sha256WithRSAEncryption/);

    // CKA_SENSITIVE and never CKA_EXTRACTABLE: the token will not hand the private key out.
    const listing = p11('--login', '--pin', 'env:P11PIN', '--list-objects', '--type', 'privkey');
    const block = listing.split(/(?=Private Key Object)/).find((b) => /ID:\s*a1/.test(b))!;
    assert.match(block, /Access:\s*sensitive, always sensitive, never extractable/);
  });

  it('signs with an ECDSA P-256 key in the token (ecdsa-with-SHA256), valid in Tambo, pdfsig and openssl cms', async () => {
    const [, agency] = await demoAgencies();
    const service = signingService(t.app.tambo.deps);
    const serial = await service.usePkcs11Key(agency!, 'E1', actor, null);
    const pdf = await service.signPdf(await samplePdf('Firmado con una clave ECDSA en el token'), agency!);
    const ours = await service.verifyPdf(pdf);
    assert.equal(ours.status, 'valid', ours.problems.join());
    assert.equal(ours.signer?.serial, serial);
    const printed = await independentlyValid(pdf, 'ec', new RegExp(agency!.name.slice(0, 10)));
    assert.match(printed, /ecdsa-with-SHA256/);
  });

  it('a wrong PIN gives a clear error and issues nothing; an extractable or missing key is refused', async () => {
    const deps = t.app.tambo.deps;
    const [agency, other] = await demoAgencies();
    const service = signingService(deps);
    const configured = deps.config.signingPkcs11!;
    const before = await service.agencyCertificates();
    configured.pin = '000000';
    try {
      const accountId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps.db)).rows[0]!.id;
      await assert.rejects(
        issueDocument(deps, { kind: 'receipt', sourceKey: 'pkcs11-test:wrong-pin', accountId, agencyCode: agency!.code, title: 'No', body: 'No' }),
        (e: Pkcs11Error) => e.problem === 'pin_incorrect' && /refused the PIN/.test(e.message) && !e.message.includes('000000'),
      );
      assert.equal((await sql`SELECT 1 FROM documents.document WHERE source_key = 'pkcs11-test:wrong-pin'`.execute(deps.db)).rows.length, 0, 'no document row');
      await assert.rejects(service.usePkcs11Key(other!, 'a1', actor, null), (e: Pkcs11Error) => e.problem === 'pin_incorrect');
    } finally {
      configured.pin = PIN;
    }
    await assert.rejects(service.usePkcs11Key(other!, 'b2', actor, null), (e: Pkcs11Error) => e.problem === 'key_extractable');
    await assert.rejects(service.usePkcs11Key(other!, 'c3', actor, null), (e: Pkcs11Error) => e.problem === 'key_not_found');
    assert.deepEqual(await service.agencyCertificates(), before, 'no certificate made or replaced');
  });
  it('the certificates page binds a token key for a platform administrator; a bad id or an extractable key is refused at its field', async () => {
    const [, , agency] = await demoAgencies();
    const url = `${t.baseUrl}/gestion/documentos/certificados`;
    const official = new HttpSession();
    await signInPortal(t, official, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    assert.equal((await official.request(url)).status, 403);
    const admin = new HttpSession();
    await signInPortal(t, admin, 'admin@demo.tambo', 'Demo-2026-admin');
    const page = await (await admin.request(url)).text();
    assert.match(page, /tambo-prueba/, 'the form names the configured token');
    const form = formsIn(page).findIndex((f) => f.action.endsWith('/token'));
    assert.ok(form >= 0);
    const badId = await admin.submit(url, page, { agencia_token: agency!.code, clave_id: 'xyz' }, form);
    assert.equal(badId.status, 400);
    assert.match(await badId.text(), /href="#campo-clave_id"/);
    const extractable = await admin.submit(url, page, { agencia_token: agency!.code, clave_id: 'b2' }, form);
    assert.equal(extractable.status, 400);
    const html = await extractable.text();
    assert.match(html, /puede extraerse del token/);
    assert.match(html, /value="b2"/, 'the input is kept');
    const done = await admin.submit(url, page, { agencia_token: agency!.code, clave_id: 'a1' }, form);
    assert.equal(done.status, 303);
    const serial = new URL(done.headers.get('location')!, url).searchParams.get('importado')!;
    const row = (
      await sql<{ sealed_key: string; agency_code: string }>`SELECT sealed_key, agency_code FROM platform.signing_certificate WHERE serial = ${serial} AND replaced_at IS NULL`.execute(
        t.app.tambo.deps.db,
      )
    ).rows[0]!;
    assert.deepEqual(row, { sealed_key: 'pkcs11:id=a1', agency_code: agency!.code });
  });
});
