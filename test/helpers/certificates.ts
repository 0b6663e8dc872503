// Client certificates for mutual-TLS tests (RFC 8705), made by openssl in a temporary folder,
// and the headers a trusted TLS-terminating proxy adds (src/modules/identity/oidc/mtls.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export interface CertificateMaker {
  /** A certificate for `subject` (`/C=BO/CN=…`), issued by the test CA or self-signed; its PEM. */
  certificate(name: string, subject: string, selfSigned?: boolean): string;
  /** Removes the folder and its keys. */
  remove(): void;
}

/** A folder with a test CA (`/C=BO/O=Estado Plurinacional/CN=CA de prueba`) that issues certificates. */
export function certificateMaker(): CertificateMaker {
  const dir = mkdtempSync(join(tmpdir(), 'tambo-mtls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', ...KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/C=BO/O=Estado Plurinacional/CN=CA de prueba', '-days', '2');
  return {
    certificate(name, subject, selfSigned = false) {
      if (selfSigned) openssl('req', '-x509', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', subject, '-days', '2');
      else {
        openssl('req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
        openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2');
      }
      return readFileSync(join(dir, `${name}.pem`), 'utf8');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What the TLS-terminating proxy adds: the URL-encoded PEM, and whether it verified the chain. */
export const presenting = (pem: string | undefined, verified = true): Record<string, string> =>
  pem ? { 'x-client-cert': encodeURIComponent(pem), 'x-client-verify': verified ? 'SUCCESS' : 'FAILED:unable to verify' } : {};
