// A voter's token bound to a client certificate (mutual TLS, RFC 8705): an application that
// authenticates at the token endpoint with its self-signed certificate gets tokens bound to it
// (`cnf.x5t#S256`); the ballot API takes such a token only on a request that presents that
// certificate (through the trusted proxy's headers), and refuses it without it or with another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { certificateMaker, presenting } from '../../../test/helpers/certificates.ts';
import { TEST_ACCOUNT_PASSWORD, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { countRows, makeConsultation, makeVoter, postBallot } from './consultations.test-helpers.ts';

const CLIENT = { id: 'consulta-app-mtls', redirectUri: 'http://localhost:8401/callback' };

describe('consultations API with a certificate-bound token', () => {
  let t: TestApp & { baseUrl: string };
  const certificates = certificateMaker();
  let own: string;
  let other: string;
  before(async () => {
    own = certificates.certificate('app', '/CN=consulta-app', true);
    other = certificates.certificate('other', '/CN=consulta-app', true);
    t = await listenTestApp({ demo: true, config: { trustProxy: true } });
    await sql`
      INSERT INTO identity.client (client_id, name, redirect_uris, scopes, is_first_party, purpose, is_active, tls_client_certificates)
      VALUES (${CLIENT.id}, 'Aplicación de la consulta (mTLS)', ${[CLIENT.redirectUri]}::text[], ${['openid', 'consultations:vote']}::text[], true, 'Prueba', true, ${[own]}::text[])`.execute(
      t.app.tambo.deps.db,
    );
  });
  after(async () => {
    await t.close();
    certificates.remove();
  });

  it('casts the ballot with the certificate, and refuses the token without it or with another', async () => {
    const c = await makeConsultation(t.app.tambo.deps);
    const voter = await makeVoter(t.app.tambo.deps);
    const { tokens } = await userAccessToken(t.baseUrl, {
      clientId: CLIENT.id,
      certificate: presenting(own, false),
      redirectUri: CLIENT.redirectUri,
      scope: 'openid consultations:vote',
      login: voter.email,
      password: TEST_ACCOUNT_PASSWORD,
    });
    const token = tokens!.access_token;
    // Refused without the certificate: the token is bound (an unbound one would be taken).
    const [choice] = c.proposals['BO-L-01-02']!;
    for (const [headers, why] of [
      [{}, 'no certificate'],
      [presenting(other, false), 'another certificate'],
    ] as const) {
      const refused = await postBallot(t.baseUrl, token, c.id, { choices: [choice!.id] }, headers);
      assert.equal(refused.status, 401, why);
      assert.equal(((await refused.json()) as { code: string }).code, 'UNAUTHENTICATED', why);
      assert.match(refused.headers.get('www-authenticate') ?? '', /invalid_token/, why);
    }
    assert.equal(await countRows(t.app.tambo.deps, 'poll_book', c.id), 0, 'nothing stored');
    const cast = await postBallot(t.baseUrl, token, c.id, { choices: [choice!.id] }, presenting(own, false));
    assert.equal(cast.status, 201, await cast.clone().text());
    assert.equal(await countRows(t.app.tambo.deps, 'poll_book', c.id), 1);
  });
});
