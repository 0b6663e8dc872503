// Independent tools (pdfsig, openssl, certutil, pkcs11-tool) in tests of signed documents.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A tool run without blocking the event loop (the app under test may answer its OCSP requests); never rejects. */
export const runTool = (command: string, args: string[]) =>
  new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: 60_000 }, (_error, stdout, stderr) => resolve({ stdout, stderr }));
  });

/** A DER certificate as PEM (for openssl -CAfile and certutil -i). */
export const certificatePem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

/** `openssl cms -verify` of a detached CMS (DER) over `content`, trusting `caFile`: its stderr says "Verification successful" when it holds. */
export const opensslCmsVerify = (cms: string, content: string, caFile: string) =>
  runTool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']);

/** A one-page tagged PDF (pdfkit, DejaVu Sans) saying `text`, to sign in tests. */
export async function samplePdf(text: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', tagged: true, lang: 'es', displayTitle: true, info: { Title: 'Prueba' }, font: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.text(text);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * PKCS#12 files made by `openssl pkcs12 -export` in `dir`, as a real CA's would be: a root
 * (`ca.pem`), a signing certificate for `commonName` under it (`leaf.pem`, `leaf.key`), and,
 * protected by `password`: `good.p12` (key, certificate and chain), `alone.p12` (no chain),
 * `nokey.p12` (certificates only), `nocert.p12` (the key only).
 */
export function makePkcs12Files(dir: string, commonName: string, password: string): void {
  const at = (name: string) => join(dir, name);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const subject = (cn: string) => `/C=BO/O=${commonName}/CN=${cn}`;
  ossl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-subj',
    subject('Raiz de Prueba'),
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('leaf.key'), '-out', at('leaf.csr'), '-subj', subject(commonName));
  writeFileSync(at('ext.cnf'), 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  ossl('x509', '-req', '-in', at('leaf.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('leaf.pem'), '-days', '20', '-extfile', at('ext.cnf'));
  const pass = `pass:${password}`;
  ossl('pkcs12', '-export', '-inkey', at('leaf.key'), '-in', at('leaf.pem'), '-certfile', at('ca.pem'), '-out', at('good.p12'), '-passout', pass);
  ossl('pkcs12', '-export', '-inkey', at('leaf.key'), '-in', at('leaf.pem'), '-out', at('alone.p12'), '-passout', pass);
  ossl('pkcs12', '-export', '-nokeys', '-in', at('leaf.pem'), '-certfile', at('ca.pem'), '-out', at('nokey.p12'), '-passout', pass);
  ossl('pkcs12', '-export', '-nocerts', '-inkey', at('leaf.key'), '-out', at('nocert.p12'), '-passout', pass);
}
