// A person's access token from the demo relying party (demo-rp) for the demo citizen, through
// the provider's real authorization-code flow: what an agency's application holds.
import { userAccessToken } from './identity.ts';

export async function demoCitizenToken(baseUrl: string, scopes: readonly string[]): Promise<string> {
  const { tokens } = await userAccessToken(baseUrl, {
    clientId: 'demo-rp',
    secret: 'demo-rp-secret',
    redirectUri: 'http://localhost:8400/callback',
    login: 'ciudadana@demo.tambo',
    password: 'Demo-2026-ciudadana',
    scope: `openid ${scopes.join(' ')}`,
  });
  return tokens!.access_token;
}
