// Sender-constrained tokens (RFC 8705): a copy of a person's access token bound to a new
// self-signed client certificate (`cnf.x5t#S256`), and the headers a TLS-terminating proxy adds
// when that certificate is presented (the app must run with `trustProxy: true`; identity's
// oidc/mtls.ts reads them). Tambo's APIs accept such a token only with its certificate, which
// they can check only when they pass the request to the token check.
import { createHash, X509Certificate } from 'node:crypto';
import type { TestApp } from './app.ts';
import { certificateMaker, presenting } from './certificates.ts';

export async function boundTokenCopy(app: TestApp['app'], token: string): Promise<{ token: string; certificateHeaders: Record<string, string> }> {
  const maker = certificateMaker();
  try {
    const pem = maker.certificate('own', '/CN=sistema-propio', true);
    const provider = app.oidcProvider;
    const found = await provider.AccessToken.find(token);
    if (!found?.clientId) throw new Error('no such access token');
    const client = await provider.Client.find(found.clientId);
    const bound = new provider.AccessToken({ accountId: found.accountId, client: client!, grantId: found.grantId, gty: found.gty, scope: found.scope });
    bound['x5t#S256'] = createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
    return { token: await bound.save(), certificateHeaders: presenting(pem) };
  } finally {
    maker.remove();
  }
}
