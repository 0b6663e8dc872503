// Sender-constrained tokens (RFC 8705): a copy of a person's access token bound to a new
// self-signed client certificate (`cnf.x5t#S256`), and the headers a TLS-terminating proxy adds
// when that certificate is presented (the app must run with `trustProxy: true`; identity's
// oidc/mtls.ts reads them). Tambo's APIs accept such a token only with its certificate, which
// they can check only when they pass the request to the token check.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from './app.ts';

export async function boundTokenCopy(app: TestApp['app'], token: string): Promise<{ token: string; certificateHeaders: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tambo-bound-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=sistema-propio', '-days', '2'], {
      cwd: dir,
      stdio: 'pipe',
    });
    const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
    const provider = app.oidcProvider;
    const found = await provider.AccessToken.find(token);
    if (!found?.clientId) throw new Error('no such access token');
    const client = await provider.Client.find(found.clientId);
    const bound = new provider.AccessToken({ accountId: found.accountId, client: client!, grantId: found.grantId, gty: found.gty, scope: found.scope });
    bound['x5t#S256'] = createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
    return { token: await bound.save(), certificateHeaders: { 'x-client-cert': encodeURIComponent(pem), 'x-client-verify': 'SUCCESS' } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
