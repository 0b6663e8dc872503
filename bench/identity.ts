// Identity benchmark: full sign-in flows per second (authorization code + PKCE through real
// HTTP: authorize → sign-in page → password POST → consent when needed → code → token) beside
// the argon2id verify rate measured in the same run on the same threads (the physical bound:
// every flow verifies one password), and the token endpoint's throughput (refresh_token
// exchanges) beside plain Fastify answering a same-size JSON and beside RS256 signing with
// jose (every refresh signs a new ID token). The loads run in this process (a multi-step flow
// with cookies cannot be an autocannon load); every side uses the same concurrent loops.
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { verify } from '@node-rs/argon2';
import Fastify from 'fastify';
import { generateKeyPair, SignJWT } from 'jose';
import { formsIn, HttpSession } from '../test/helpers/http-client.ts';
import { TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { buildJwtBaseline } from './baseline.ts';
import { fmt, ratio, section, table } from './report.ts';
import { interleave, runWriters, type Figures } from './writers.ts';

// The demo seed's relying party and citizen (see README "Demo data"); the loops sign in people of their own.
const CLIENT = { id: 'demo-rp', secret: 'demo-rp-secret', redirectUri: 'http://localhost:8400/callback' };
const PERSON = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };

export interface IdentityOptions {
  app: TamboApp;
  /** Where the app listens (its PUBLIC_URL may differ: absolute redirects are mapped here). */
  baseUrl: string;
  /** Per side, split in mirrored halves. */
  seconds: number;
  warmupSeconds: number;
  /** Concurrent flows (and concurrent argon2 verifications, refreshes, …). */
  concurrency: number;
  maxOperations: number;
}

export interface IdentityFigures {
  concurrency: number;
  /** libuv threads: where argon2 (and RSA signing) run, for the app and the baseline alike. */
  threads: number;
  argon2Parameters: string;
  requestsPerFlow: number;
  flows: Figures;
  argon2: Figures;
  /** Flows per second over argon2id verifications per second: 1 is the physical bound. */
  flowsOverArgon2: number | null;
  refresh: Figures;
  plainFastify: Figures;
  rs256: Figures;
  /** Plain Fastify route signing the same ID token with jose (same key type and size) over HTTP. */
  jwtRoute: Figures;
  refreshOverJwtRoute: number | null;
  refreshOverFastify: number | null;
  refreshOverRs256: number | null;
}

const basic = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;

async function tokenRequest(baseUrl: string, params: Record<string, string>): Promise<{ text: string; json: Record<string, string> }> {
  const response = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${text.slice(0, 200)}`);
  return { text, json: JSON.parse(text) as Record<string, string> };
}

/** One person signing in to the relying party in a fresh browser; returns the token response and how many requests it took. */
export async function signInFlow(
  baseUrl: string,
  publicUrl: string,
  person: { login: string; password: string } = PERSON,
): Promise<{ tokens: Record<string, string>; text: string; requests: number }> {
  const browser = new HttpSession();
  const local = (url: string) => (url.startsWith(publicUrl) ? `${baseUrl}${url.slice(publicUrl.length)}` : url);
  const callbackOrigin = new URL(CLIENT.redirectUri).origin;
  let requests = 0;
  /** Follows redirects to a page, or stops before the client's callback. */
  const go = async (start: string, init?: RequestInit): Promise<{ callback?: URL; html?: string; url: string }> => {
    let url = local(start);
    let response = await browser.request(url, init);
    requests += 1;
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops += 1) {
      const next = new URL(response.headers.get('location') ?? '', url);
      if (next.origin === callbackOrigin) return { callback: next, url };
      url = local(next.toString());
      response = await browser.request(url);
      requests += 1;
    }
    if (response.status !== 200) throw new Error(`sign-in flow: ${response.status} at ${new URL(url).pathname}`);
    return { html: await response.text(), url };
  };
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const authorize = new URL(`${baseUrl}/auth/auth`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.id,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: CLIENT.redirectUri,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  let step = await go(authorize.toString());
  for (let pages = 0; !step.callback && pages < 4; pages += 1) {
    const html = step.html ?? '';
    const fields: Record<string, string> | undefined = html.includes('name="password"')
      ? { login: person.login, password: person.password }
      : html.includes('name="decision"')
        ? { decision: 'allow' }
        : undefined;
    const form = formsIn(html)[0];
    if (!fields || !form) throw new Error(`sign-in flow: unexpected page at ${new URL(step.url).pathname}`);
    step = await go(new URL(form.action || step.url, step.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    });
  }
  const code = step.callback?.searchParams.get('code');
  if (!code || step.callback?.searchParams.get('state') !== state) throw new Error(`sign-in flow ended without a code: ${step.callback?.search ?? step.url}`);
  const { json, text } = await tokenRequest(baseUrl, { grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
  return { tokens: json, text, requests: requests + 1 };
}

/** Plain Fastify answering the token endpoint's POST with a JSON of the same size. */
async function plainTokenServer(answer: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.post('/token', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(answer));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/token`, close: () => app.close() };
}

export async function benchIdentity(options: IdentityOptions): Promise<IdentityFigures> {
  const { app, baseUrl } = options;
  const publicUrl = app.tambo.deps.config.publicUrl;
  // The demo accounts and the demo relying party (idempotent).
  await app.tambo.seed();
  const run = (write: (loop: number) => Promise<unknown>) => (seconds: number) =>
    runWriters({ writers: options.concurrency, seconds, maxOperations: options.maxOperations, write: (loop) => write(loop) });

  // One person per loop: parallel sign-ins of one account would claim its attempts at once and
  // lock it (attempts.queries.ts), which is the lockout working, not a figure of the flow.
  const people = await Promise.all(
    Array.from({ length: options.concurrency }, async (_, loop) => {
      const login = `persona-${loop}@bench.tambo`;
      await testAccount(app.tambo.deps, { documentNumber: `${7_100_000 + loop}`, givenName: 'Persona', familyName: `Bench ${loop}`, email: login, level: 'bajo' });
      return { login, password: TEST_ACCOUNT_PASSWORD };
    }),
  );
  // The first flow of each person gives consent; later flows only sign in. One refresh token per loop.
  const primed = await Promise.all(people.map((person) => signInFlow(baseUrl, publicUrl, person)));
  const again = await Promise.all(people.map((person) => signInFlow(baseUrl, publicUrl, person)));
  const refreshTokens = primed.map((flow) => flow.tokens.refresh_token ?? '');
  if (refreshTokens.some((token) => !token)) throw new Error('the relying party got no refresh token');

  // The same hash the sign-in verifies, so the same argon2id parameters as Tambo's.
  const { rows } = await app.tambo.deps.pool.query<{ password_hash: string }>('SELECT password_hash FROM identity.account WHERE email = $1', [people[0]!.login]);
  const hash = rows[0]?.password_hash;
  if (!hash?.startsWith('$argon2id$')) throw new Error('the demo citizen has no argon2id password hash');
  const argon2Parameters = hash.split('$').slice(1, 4).join(' ');

  const flows = run(async (loop) => signInFlow(baseUrl, publicUrl, people[loop]!));
  const argon2 = run(async () => {
    if (!(await verify(hash, TEST_ACCOUNT_PASSWORD))) throw new Error('argon2 verification failed');
  });
  for (const warm of [argon2, flows]) await warm(options.warmupSeconds);
  const [argon2Figures, flowFigures] = await interleave(options.seconds, [argon2, flows]);

  // Token endpoint: refresh_token exchanges, each loop along its own chain of tokens.
  const refresh = run(async (loop) => {
    const { json } = await tokenRequest(baseUrl, { grant_type: 'refresh_token', refresh_token: refreshTokens[loop]! });
    if (json.refresh_token) refreshTokens[loop] = json.refresh_token;
  });
  const sample = await tokenRequest(baseUrl, { grant_type: 'refresh_token', refresh_token: refreshTokens[0]! });
  if (sample.json.refresh_token) refreshTokens[0] = sample.json.refresh_token;
  const plain = await plainTokenServer(sample.text);
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const plainRun = run(async () => {
      const response = await fetch(plain.url, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshTokens[0]! }).toString(),
      });
      await response.text();
      if (response.status !== 200) throw new Error(`plain Fastify answered ${response.status}`);
    });
    // An ID token like the ones the refresh signs, with a key of the size the platform publishes.
    const jwks = (await (await fetch(`${baseUrl}/auth/jwks`)).json()) as { keys: Array<{ n?: string }> };
    const modulusLength = Buffer.from(jwks.keys[0]?.n ?? '', 'base64url').length * 8 || 2048;
    const { privateKey } = await generateKeyPair('RS256', { modulusLength });
    const claims = JSON.parse(Buffer.from(sample.json.id_token?.split('.')[1] ?? 'e30', 'base64url').toString('utf8')) as Record<string, unknown>;
    const sign = () => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(privateKey);
    const rs256 = run(sign);
    const jwtApp = buildJwtBaseline(sign);
    await jwtApp.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => jwtApp.close());
    const jwtUrl = `http://127.0.0.1:${(jwtApp.server.address() as AddressInfo).port}/token`;
    const jwtRun = run(async () => {
      const response = await fetch(jwtUrl, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshTokens[0]! }).toString(),
      });
      await response.text();
      if (response.status !== 200) throw new Error(`the JWT-signing route answered ${response.status}`);
    });
    for (const warm of [plainRun, jwtRun, refresh, rs256]) await warm(options.warmupSeconds / 2);
    const [plainFigures, jwtFigures, refreshFigures, rs256Figures] = await interleave(options.seconds, [plainRun, jwtRun, refresh, rs256]);
    return {
      concurrency: options.concurrency,
      threads: Number(process.env.UV_THREADPOOL_SIZE) || 4,
      argon2Parameters,
      requestsPerFlow: again[0]!.requests,
      flows: flowFigures!,
      argon2: argon2Figures!,
      flowsOverArgon2: ratio(flowFigures!.perSecond, argon2Figures!.perSecond),
      refresh: refreshFigures!,
      plainFastify: plainFigures!,
      rs256: rs256Figures!,
      jwtRoute: jwtFigures!,
      refreshOverJwtRoute: ratio(refreshFigures!.perSecond, jwtFigures!.perSecond),
      refreshOverFastify: ratio(refreshFigures!.perSecond, plainFigures!.perSecond),
      refreshOverRs256: ratio(refreshFigures!.perSecond, rs256Figures!.perSecond),
    };
  } finally {
    await plain.close();
    for (const close of closers) await close();
  }
}

export function identityReport(f: IdentityFigures): string {
  const row = (label: string, s: Figures) => [label, fmt(s.perSecond, 1), fmt(s.p50Ms, 1), fmt(s.p99Ms, 1), fmt(s.ops), fmt(s.failed)];
  return [
    section(
      'identity: sign-in flows',
      `${f.concurrency} concurrent flows (code + PKCE over HTTP, about ${f.requestsPerFlow} requests each: authorize, sign-in page, password POST, code, token) against ${f.concurrency} concurrent argon2id verifications (${f.argon2Parameters}) on the same ${f.threads} libuv threads; order argon2, flows, flows, argon2`,
    ),
    table(['path', 'per s', 'p50 ms', 'p99 ms', 'done', 'failed'], [row('argon2id verify (bound)', f.argon2), row('full sign-in flow', f.flows)]),
    `   ratio flows/argon2id verifications: ${fmt(f.flowsOverArgon2, 2)} (1 = every CPU-second goes to the password hash)`,
    section(
      'identity: token endpoint',
      `${f.concurrency} concurrent loops of refresh_token exchanges (a new access, refresh and RS256 ID token each); baseline: plain Fastify answering a same-size JSON to the same POST; bare JWT route: plain Fastify signing the same ID token claims with jose (RS256, same key size) per POST; reference: jose signing alone; order A B C D D C B A`,
    ),
    table(
      ['path', 'per s', 'p50 ms', 'p99 ms', 'done', 'failed'],
      [row('plain Fastify, same JSON', f.plainFastify), row('bare JWT-signing route (jose)', f.jwtRoute), row('Tambo /auth/token refresh', f.refresh), row('jose RS256 sign', f.rs256)],
    ),
    `   ratio Tambo/bare JWT-signing route: ${fmt(f.refreshOverJwtRoute, 2)}; Tambo/plain Fastify: ${fmt(f.refreshOverFastify, 2)}; Tambo/RS256 signing: ${fmt(f.refreshOverRs256, 2)}`,
  ].join('\n');
}
