// The signing service against independent tools: poppler's pdfsig (with an NSS database
// trusting the demo root), `openssl cms -verify` and `openssl ts -verify`. Needs
// poppler-utils, libnss3-tools and openssl (installed by .ci/run); skipped without them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../db/embedded.ts';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { certificatePem, makePkcs12Files, opensslCmsVerify, runTool, samplePdf } from '../../../test/helpers/tools.ts';
import * as pkijs from 'pkijs';
import { embeddedRevocationOf, parseSignedData, signatureTimestampOf } from './cms.ts';
import { readPdfSignature, signingService } from './index.ts';
import type { Pkcs12Error } from './pkcs12.ts';
import { openPrivateKey } from './seal.ts';

const tools = ['pdfsig', 'certutil', 'openssl'].every((tool) => spawnSync('which', [tool]).status === 0);
const skip = tools ? false : 'needs pdfsig (poppler-utils), certutil (libnss3-tools) and openssl';

let t: TestApp;
let dir: string;
let base: string;
before(async () => {
  // Listening on a real port named in PUBLIC_URL: the certificates' AIA points pdfsig (NSS)
  // and openssl at this responder over real HTTP.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await buildTestApp({ config: { publicUrl: base } });
  await t.app.listen({ host: '127.0.0.1', port });
  dir = mkdtempSync(join(tmpdir(), 'tambo-signing-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const agency = { code: 'SIGTEST', name: 'Agencia de Prueba, Firma' };

describe('signing service', { skip }, () => {
  it('signs a PDF with PAdES B-T that pdfsig, openssl cms and openssl ts verify; one changed byte fails', async () => {
    const service = signingService(t.app.tambo.deps);
    const signed = await service.signPdf(await samplePdf('Documento de prueba'), agency);
    const { root, issuing } = await service.authorities();
    writeFileSync(join(dir, 'root.pem'), certificatePem(root));
    writeFileSync(join(dir, 'issuing.pem'), certificatePem(issuing));
    const nss = join(dir, 'nss');
    execFileSync('mkdir', ['-p', nss]);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
    writeFileSync(join(dir, 'signed.pdf'), signed);
    // Without -no-ocsp: NSS asks the responder the certificate names (this app, listening).
    const report = (await runTool('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, 'signed.pdf')])).stdout;
    assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(report, /Total document signed/);
    assert.match(report, /Signature Validation: Signature is Valid/);
    assert.match(report, /Certificate Validation: Certificate is Trusted/);
    assert.match(report, /Agencia de Prueba, Firma/);

    const signature = readPdfSignature(signed)!;
    writeFileSync(join(dir, 'cms.der'), signature.cms);
    writeFileSync(join(dir, 'content'), signature.signedContent);
    const cms = await opensslCmsVerify(join(dir, 'cms.der'), join(dir, 'content'), join(dir, 'root.pem'));
    assert.match(cms.stderr, /Verification successful/);
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, 'cms.der')], { encoding: 'utf8' });
    assert.match(printed, /signingCertificateV2/);
    assert.doesNotMatch(printed, /signingTime/, 'PAdES keeps the time in the dictionary');

    const signerInfo = parseSignedData(signature.cms).signerInfos[0]!;
    writeFileSync(join(dir, 'tst.der'), signatureTimestampOf(signerInfo)!);
    writeFileSync(join(dir, 'signature-value'), Buffer.from(signerInfo.signature.valueBlock.valueHexView));
    const ts = await runTool('openssl', [
      'ts',
      '-verify',
      '-in',
      join(dir, 'tst.der'),
      '-token_in',
      '-data',
      join(dir, 'signature-value'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'issuing.pem'),
    ]);
    // When this fails (seen once under load, not explained yet), what openssl said is the lead.
    assert.match(ts.stdout, /Verification: OK/, `openssl ts -verify: ${ts.stdout}${ts.stderr}`);

    const ours = await service.verifyPdf(signed);
    assert.equal(ours.status, 'valid', ours.problems.join());
    assert.equal(ours.signer?.commonName, agency.name);
    assert.ok(ours.timestampedAt && Math.abs(ours.timestampedAt.getTime() - Date.now()) < 60_000);

    // One changed byte in the page content (inside the first byte range).
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('Documento') > 0 ? tampered.indexOf('/Title') + 2 : 200;
    tampered[at] = tampered[at]! ^ 0x01;
    writeFileSync(join(dir, 'tampered.pdf'), tampered);
    const tamperedReport = (await runTool('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, 'tampered.pdf')])).stdout;
    assert.doesNotMatch(tamperedReport, /Signature is Valid/);
    const tamperedOurs = await service.verifyPdf(tampered);
    assert.equal(tamperedOurs.status, 'invalid');
    assert.ok(tamperedOurs.problems.includes('signature_mismatch'));
  });

  it('keeps private keys sealed at rest and the demo PKI once', async () => {
    const { db } = t.app.tambo.deps;
    await signingService(t.app.tambo.deps).signPdf(await samplePdf('otra'), { code: 'SIGTEST2', name: 'Otra agencia' });
    const rows = await sql<{ role: string; sealed_key: string; n: number }>`SELECT role, sealed_key, count(*) OVER (PARTITION BY role) AS n FROM platform.signing_certificate`.execute(db);
    assert.deepEqual([...new Set(rows.rows.filter((r) => r.role !== 'agency').map((r) => `${r.role}:${r.n}`))].sort(), ['issuing:1', 'root:1', 'tsa:1']);
    const { config } = t.app.tambo.deps;
    for (const row of rows.rows) {
      assert.match(row.sealed_key, /^v\d+\.[\w-]+\.[\w-]+\.[\w-]+$/);
      // Opens (to a DER PKCS#8) under the configured key only.
      assert.equal(openPrivateKey(config, row.sealed_key)[0], 0x30);
      assert.throws(() => openPrivateKey({ sessionSecret: 'another-secret-with-at-least-thirty-two-chars' }, row.sealed_key));
    }
  });

  it('serves the CRL and an RFC 3161 timestamping authority over HTTP that openssl verifies; the CMS carries the CRL (B-LT data)', async () => {
    const service = signingService(t.app.tambo.deps);
    const { root, issuing } = await service.authorities();
    writeFileSync(join(dir, 'chain.pem'), certificatePem(root) + certificatePem(issuing));
    const crl = await t.app.inject({ method: 'GET', url: '/pki/emisora.crl' });
    assert.equal(crl.headers['content-type'], 'application/pkix-crl');
    writeFileSync(join(dir, 'crl.der'), crl.rawPayload);
    assert.match((await runTool('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'chain.pem'), '-noout'])).stderr, /verify OK/);
    writeFileSync(join(dir, 'data.txt'), 'datos a sellar');
    execFileSync('openssl', ['ts', '-query', '-data', join(dir, 'data.txt'), '-sha256', '-cert', '-out', join(dir, 'q.tsq')]);
    const reply = await t.app.inject({ method: 'POST', url: '/pki/tsa', headers: { 'content-type': 'application/timestamp-query' }, payload: readFileSync(join(dir, 'q.tsq')) });
    assert.equal(reply.headers['content-type'], 'application/timestamp-reply');
    writeFileSync(join(dir, 'r.tsr'), reply.rawPayload);
    const verified = await runTool('openssl', ['ts', '-verify', '-in', join(dir, 'r.tsr'), '-queryfile', join(dir, 'q.tsq'), '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'issuing.pem')]);
    assert.match(verified.stdout, /Verification: OK/, verified.stderr);
    const signed = await service.signPdf(await samplePdf('con CRL'), agency);
    assert.equal(parseSignedData(readPdfSignature(signed)!.cms).crls?.length, 1);
  });

  it('says unsigned for a PDF without a signature', async () => {
    const result = await signingService(t.app.tambo.deps).verifyPdf(await samplePdf('sin firma'));
    assert.equal(result.status, 'unsigned');
  });
});

describe('OCSP responder and B-LT validation data', { skip }, () => {
  it('answers openssl ocsp over POST (good, then revoked with its reason) and GET; signatures embed a response openssl accepts', async () => {
    const service = signingService(t.app.tambo.deps);
    const signed = await service.signPdf(await samplePdf('con OCSP'), { code: 'SIGOCSP', name: 'Agencia OCSP' });
    const { root, issuing } = await service.authorities();
    writeFileSync(join(dir, 'o-root.pem'), certificatePem(root));
    writeFileSync(join(dir, 'o-issuing.pem'), certificatePem(issuing));
    const signerInfo = parseSignedData(readPdfSignature(signed)!.cms);
    const agencyCertificate = Buffer.from((signerInfo.certificates![0] as pkijs.Certificate).toSchema().toBER(false));
    writeFileSync(join(dir, 'agency.pem'), certificatePem(agencyCertificate));
    assert.match(execFileSync('openssl', ['x509', '-in', join(dir, 'agency.pem'), '-noout', '-ocsp_uri'], { encoding: 'utf8' }), new RegExp(`${base}/pki/ocsp`));
    const ask = async () =>
      await runTool('openssl', ['ocsp', '-issuer', join(dir, 'o-issuing.pem'), '-cert', join(dir, 'agency.pem'), '-url', `${base}/pki/ocsp`, '-CAfile', join(dir, 'o-root.pem'), '-resp_text']);
    const good = await ask();
    assert.match(good.stderr, /Response verify OK/, good.stderr);
    assert.match(good.stdout, /agency\.pem: good/);

    // The embedded response (adbe-revocationInfoArchival) verifies offline too.
    const embedded = embeddedRevocationOf(signerInfo.signerInfos[0]!);
    assert.equal(embedded.crls.length, 1);
    assert.equal(embedded.ocsps.length, 1);
    writeFileSync(join(dir, 'embedded.ocsp'), embedded.ocsps[0]!);
    const offline = await runTool('openssl', [
      'ocsp',
      '-respin',
      join(dir, 'embedded.ocsp'),
      '-issuer',
      join(dir, 'o-issuing.pem'),
      '-cert',
      join(dir, 'agency.pem'),
      '-CAfile',
      join(dir, 'o-root.pem'),
    ]);
    assert.match(offline.stderr, /Response verify OK/, offline.stderr);
    assert.match(offline.stdout, /agency\.pem: good/);

    // GET form (RFC 6960 appendix A.1): the request's base64 in the path.
    execFileSync('openssl', ['ocsp', '-issuer', join(dir, 'o-issuing.pem'), '-cert', join(dir, 'agency.pem'), '-no_nonce', '-reqout', join(dir, 'req.der')]);
    const get = await t.app.inject({ method: 'GET', url: `/pki/ocsp/${encodeURIComponent(readFileSync(join(dir, 'req.der')).toString('base64'))}` });
    assert.equal(get.headers['content-type'], 'application/ocsp-response');
    writeFileSync(join(dir, 'get.ocsp'), get.rawPayload);
    const viaGet = await runTool('openssl', ['ocsp', '-respin', join(dir, 'get.ocsp'), '-issuer', join(dir, 'o-issuing.pem'), '-cert', join(dir, 'agency.pem'), '-CAfile', join(dir, 'o-root.pem')]);
    assert.match(viaGet.stdout, /agency\.pem: good/);
    // Garbage in: a malformedRequest status, not an error page.
    const garbage = await t.app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from('no es OCSP') });
    assert.equal(garbage.statusCode, 200);
    assert.equal(pkijs.OCSPResponse.fromBER(new Uint8Array(garbage.rawPayload).buffer).responseStatus.valueBlock.valueDec, 1);

    await sql`UPDATE platform.signing_certificate SET revoked_at = now() - interval '1 minute', revocation_reason = 'keyCompromise' WHERE agency_code = 'SIGOCSP'`.execute(t.app.tambo.deps.db);
    service.forgetCrl();
    const revoked = await ask();
    assert.match(revoked.stdout, /agency\.pem: revoked/);
    assert.match(revoked.stdout, /Reason: keyCompromise/);
  });
});

describe('PKCS#12 import', { skip }, () => {
  it('imports a .p12 made by openssl (chain checked, key sealed, audited); its signatures verify in Tambo, openssl cms and pdfsig; bad files are refused', async () => {
    const p12 = join(dir, 'p12');
    execFileSync('mkdir', ['-p', p12]);
    const at = (name: string) => join(p12, name);
    makePkcs12Files(p12, 'Agencia Importada', 'clave-de-prueba');

    const service = signingService(t.app.tambo.deps);
    const agency = { code: 'SIGP12', name: 'Agencia Importada' };
    const actor = { id: '00000000-0000-7000-8000-000000000001' };
    await assert.rejects(service.importPkcs12(agency, readFileSync(at('good.p12')), 'otra-clave', actor, null), (e: Pkcs12Error) => e.problem === 'bad_password');
    await assert.rejects(service.importPkcs12(agency, readFileSync(at('alone.p12')), 'clave-de-prueba', actor, null), (e: Pkcs12Error) => e.problem === 'untrusted_chain');
    await assert.rejects(service.importPkcs12(agency, Buffer.from('no es un p12'), 'x', actor, null), (e: Pkcs12Error) => e.problem === 'bad_file');
    const serial = await service.importPkcs12(agency, readFileSync(at('good.p12')), 'clave-de-prueba', actor, null);
    const { db, config } = t.app.tambo.deps;
    const stored = await sql<{ source: string; sealed_key: string }>`SELECT source, sealed_key FROM platform.signing_certificate WHERE serial = ${serial}`.execute(db);
    assert.equal(stored.rows[0]!.source, 'pkcs12');
    assert.equal(openPrivateKey(config, stored.rows[0]!.sealed_key)[0], 0x30, 'sealed, opens under the configured key');
    assert.doesNotMatch(stored.rows[0]!.sealed_key, /PRIVATE KEY/);
    assert.equal((await sql`SELECT 1 FROM audit.entry WHERE action = 'signing.certificate_imported' AND subject_id = ${serial}`.execute(db)).rows.length, 1);

    const signed = await service.signPdf(await samplePdf('firmado con certificado importado'), agency);
    const ours = await service.verifyPdf(signed);
    assert.equal(ours.status, 'valid', ours.problems.join());
    assert.equal(ours.signer?.serial, serial);
    const signature = readPdfSignature(signed)!;
    writeFileSync(at('cms.der'), signature.cms);
    writeFileSync(at('content'), signature.signedContent);
    const cms = await opensslCmsVerify(at('cms.der'), at('content'), at('ca.pem'));
    assert.match(cms.stderr, /Verification successful/);
    const nss = at('nss');
    execFileSync('mkdir', ['-p', nss]);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', at('ca.pem')]);
    writeFileSync(at('signed.pdf'), signed);
    const report = (await runTool('pdfsig', ['-nssdir', `sql:${nss}`, at('signed.pdf')])).stdout;
    assert.match(report, /Signature is Valid/);
    assert.match(report, /Certificate is Trusted/);
    assert.match(report, /Agencia Importada/);
  });
});
