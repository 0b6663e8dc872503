// The portal signs people in as a client of the provider, exactly as an agency's system
// would: authorization code + PKCE, then its own web session (cookie `tambo_sid`).
// The token exchange goes through the provider's real token endpoint (in-process inject).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { cookieOptions } from '../../../platform/http/security.ts';
import type { Deps } from '../../../platform/module.ts';
import { registerSessionLookup } from '../auth-cache.ts';
import { PORTAL_CLIENT_ID, portalClientSecret } from '../oidc/provider.ts';
import { signOut } from '../security.service.ts';
import { SESSION_COOKIE, createWebSession, revokeWebSessionsBySid, type CurrentSession } from '../session.service.ts';

const AUTH_COOKIE = 'tambo_auth';
/** The provider's session cookie (oidc-provider's default name, path `/`), and its signature `.sig`. */
const PROVIDER_SESSION_COOKIE = '_session';
const PORTAL_SCOPES = 'openid profile email phone address documento';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person on the portal, if any. */
    current: CurrentSession | null;
  }
}

/** A local path to return to after sign-in (never another site). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) && !value.startsWith('/ingresar') ? value : '/cuenta';
}

export function requireSignedIn(request: FastifyRequest): CurrentSession {
  if (!request.current) throw new AppError('UNAUTHENTICATED');
  return request.current;
}

export function registerPortalSession(app: TamboApp, deps: Deps): void {
  const { config, db } = deps;
  const issuer = `${config.publicUrl}/auth`;
  const redirectUri = `${config.publicUrl}/ingresar/callback`;
  const secret = portalClientSecret(config);
  let jwks: ReturnType<typeof createLocalJWKSet> | undefined;
  const keys = async () => {
    if (!jwks) {
      const response = await app.inject({ method: 'GET', url: '/auth/jwks' });
      jwks = createLocalJWKSet(response.json() as JSONWebKeySet);
    }
    return jwks;
  };

  app.decorateRequest('current', null);
  registerSessionLookup(app, deps);

  app.get('/ingresar', { schema: { querystring: Type.Object({ volver: Type.Optional(Type.String({ maxLength: 500 })) }) } }, async (request, reply) => {
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    reply.setCookie(AUTH_COOKIE, JSON.stringify({ state, nonce, verifier, back: safeReturnPath(request.query.volver) }), {
      ...cookieOptions(config),
      path: '/ingresar',
      maxAge: 600,
      signed: true,
    });
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: PORTAL_CLIENT_ID,
      response_type: 'code',
      scope: PORTAL_SCOPES,
      redirect_uri: redirectUri,
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ui_locales: request.locale,
    }).toString();
    return reply.redirect(`${url.pathname}${url.search}`, 303);
  });

  app.get(
    '/ingresar/callback',
    {
      schema: {
        querystring: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 500 })),
          state: Type.Optional(Type.String({ maxLength: 200 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      const raw = request.cookies[AUTH_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      const pending = unsigned?.valid && unsigned.value ? (JSON.parse(unsigned.value) as { state: string; nonce: string; verifier: string; back: string }) : undefined;
      reply.clearCookie(AUTH_COOKIE, { path: '/ingresar' });
      if (request.query.error) return reply.redirect('/?ingreso=cancelado', 303);
      if (!pending || !request.query.code || request.query.state !== pending.state) throw new AppError('IDENTITY_SIGN_IN_FAILED');
      const token = await app.inject({
        method: 'POST',
        url: '/auth/token',
        headers: { authorization: `Basic ${Buffer.from(`${PORTAL_CLIENT_ID}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'authorization_code', code: request.query.code, redirect_uri: redirectUri, code_verifier: pending.verifier }).toString(),
      });
      if (token.statusCode !== 200) throw new AppError('IDENTITY_SIGN_IN_FAILED');
      const { id_token: idToken } = token.json() as { id_token: string };
      const { payload } = await jwtVerify(idToken, await keys(), { issuer, audience: PORTAL_CLIENT_ID });
      if (payload.nonce !== pending.nonce || typeof payload.sub !== 'string') throw new AppError('IDENTITY_SIGN_IN_FAILED');
      const sessionId = await createWebSession(db, {
        accountId: payload.sub,
        acr: typeof payload.acr === 'string' ? payload.acr : 'bajo',
        oidcSid: typeof payload.sid === 'string' ? payload.sid : null,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(config));
      return reply.redirect(pending.back, 303);
    },
  );

  // "Cerrar sesión": one POST ends the portal session and the provider session behind it (no
  // provider page to confirm on), clears both cookies and lands on the portal's "signed out" page.
  app.post('/salir', async (request, reply) => {
    const providerSession = request.cookies[PROVIDER_SESSION_COOKIE];
    const current = request.current && { accountId: request.current.account.id, webSessionId: request.current.session.id, oidcSid: request.current.session.oidcSid };
    await signOut(deps, app.oidcProvider, current, providerSession, request.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // The provider's cookies are set Secure whenever PUBLIC_URL is https: cleared the same way.
    for (const name of [PROVIDER_SESSION_COOKIE, `${PROVIDER_SESSION_COOKIE}.sig`]) if (request.cookies[name] !== undefined) reply.clearCookie(name, cookieOptions(config));
    return reply.redirect('/salir', 303);
  });

  // Back-channel logout from the provider: end the portal sessions of that provider session.
  app.post(
    '/ingresar/backchannel',
    {
      config: { csrf: false },
      schema: { hide: true, body: Type.Object({ logout_token: Type.String({ maxLength: 5000 }) }) },
    },
    async (request, reply) => {
      try {
        const { payload } = await jwtVerify(request.body.logout_token, await keys(), { issuer, audience: PORTAL_CLIENT_ID });
        if (typeof payload.sid === 'string') await revokeWebSessionsBySid(db, payload.sid);
      } catch {
        return reply.code(400).send({ error: 'invalid_request' });
      }
      return reply.code(200).send({});
    },
  );
}
