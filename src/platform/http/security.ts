// The security baseline every route gets: strict headers with a Content-Security-Policy
// without 'unsafe-inline', rate limiting, and CSRF checks on every form POST and on every
// cookie-authenticated API call.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { hmac, purposeKeys, type KeySource } from '../keys/secrets.ts';
import type { TamboApp } from './app-types.ts';

export const CSRF_COOKIE = 'tambo_csrf';
/** The language a person chose (pages.ts). */
export const LANG_COOKIE = 'tambo_lang';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF token of a cookie value under the current `csrf` key. `source`: the configuration, or SESSION_SECRET. */
export function csrfTokenFor(source: KeySource | string, cookieValue: string): string {
  return hmac(purposeKeys(source, 'csrf').current, `csrf:${cookieValue}`, 'base64url');
}

/** Whether a sent token is the cookie's under the current or the previous `csrf` key (a page opened before a rotation still posts). */
export function csrfTokenMatches(source: KeySource | string, cookieValue: string, sent: string): boolean {
  const given = Buffer.from(sent);
  return purposeKeys(source, 'csrf').recent.some((key) => {
    const expected = Buffer.from(hmac(key, `csrf:${cookieValue}`, 'base64url'));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export function cookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.isSecureCookies };
}

/** Addresses served to machines (problem details, never pages). */
function isMachineRoute(url: string): boolean {
  return (url.startsWith('/api/') && !url.startsWith('/api/docs')) || url.startsWith('/health/') || url.startsWith('/open311/') || url.startsWith('/govstack/') || url.startsWith('/r1/');
}

/** Whether the request is for a machine (JSON problem details) rather than a person (pages). */
export function isApiRequest(request: FastifyRequest): boolean {
  if (isMachineRoute(request.url)) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

// Cookies that say nothing about who is asking: the CSRF cookie itself and the language choice.
const NON_CREDENTIAL_COOKIES = new Set([CSRF_COOKIE, LANG_COOKIE]);

/**
 * Whether an unsafe request must carry the CSRF token. Every page route does, whatever its
 * Accept header or content type (a cross-site page can set both). A machine route does when
 * the browser could have attached credentials by itself: when the request carries cookies
 * that may authenticate it and no Authorization header (bearer and client credentials are
 * never sent by a browser on its own). Routes that take no credentials from cookies at all
 * opt out with `config: { csrf: false }`.
 */
export function needsCsrfToken(request: FastifyRequest): boolean {
  // An unknown address changes nothing: let it answer 404/405 rather than a CSRF refusal.
  if (!UNSAFE_METHODS.has(request.method) || request.is404) return false;
  if (request.routeOptions.config.csrf === false) return false;
  if (!isMachineRoute(request.url)) return true;
  if (request.headers.authorization) return false;
  return Object.keys(request.cookies).some((name) => !NON_CREDENTIAL_COOKIES.has(name));
}

/**
 * Whether a request is refused for its body type: a machine route called with the browser's
 * credential cookies (no Authorization header) takes JSON only. A form or plain-text body is
 * what another page can make a browser send without a CORS preflight; JSON is not, so the
 * CSRF check is not the only guard. Bearer-token calls and bodiless requests are unaffected.
 */
export function refusesNonJsonBody(request: FastifyRequest): boolean {
  if (!isMachineRoute(request.url) || !needsCsrfToken(request)) return false;
  const type = request.headers['content-type'];
  if (type === undefined) return Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  return !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type);
}

/**
 * The first hook of every request: the security headers, then the rate limit per client
 * address. buildApp registers it on the root before any plugin, so the limit comes before
 * every other hook of every route — cookie parsing, the session lookup, a plugin's own
 * `onRequest` authentication (cartography's upload), a route's `onRequest: authenticate` —
 * and before the body is read: floods and token guessing are counted whoever answers them.
 * A route's `config.rateLimit` is `false` (outside the limit: the health checks) or a limit of
 * its own (`{ max, timeWindow }`, counted for that route alone); any other route shares the
 * app's `rateLimitPerMinute`. Unknown addresses are counted too (a scan is a flood).
 * @fastify/rate-limit counts (its store and answer headers); its own per-route hooks, which
 * Fastify runs after every plugin's hooks, are never installed: it lives in a scope of its own.
 */
export async function registerRateLimit(app: TamboApp, config: Config): Promise<void> {
  // Computed once (a per-request header builder such as helmet's cost about a sixth of the CPU
  // of a small request). A route may still replace one (the sign-in pages widen form-action).
  const headers = securityHeaders(config);
  type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  let shared: Limiter | undefined;
  let limiterFor: ((options: object) => Limiter) | undefined;
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', { params: { seconds: Math.ceil(context.ttl / 1000) }, headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
    });
    shared = scope.rateLimit() as Limiter;
    limiterFor = (options) => scope.rateLimit(options) as Limiter;
  });
  // One limiter (and counter) per route with a limit of its own, made on its first request.
  const ownLimits = new WeakMap<object, Limiter>();
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    // An unknown address has no route config: the shared limit.
    const routeConfig = request.routeOptions.config as { rateLimit?: object | false } | undefined;
    const own = routeConfig?.rateLimit;
    if (own === false) return;
    if (own === undefined || routeConfig === undefined) return refusedInContext(request, reply, shared!);
    let limiter = ownLimits.get(routeConfig);
    if (!limiter) {
      limiter = limiterFor!(own);
      ownLimits.set(routeConfig, limiter);
    }
    return refusedInContext(request, reply, limiter);
  });
  /** Runs the limiter; a refused request gets what its answer needs from the hooks it skips (cookies, language). */
  async function refusedInContext(request: FastifyRequest, reply: FastifyReply, limiter: Limiter): Promise<void> {
    try {
      await limiter(request, reply);
    } catch (error) {
      request.cookies ??= app.parseCookie(request.headers.cookie ?? '');
      app.chooseLanguage?.(request, reply);
      throw error;
    }
  }
}

export async function registerSecurity(app: TamboApp, config: Config): Promise<void> {
  // Bodies are JSON or forms. Fastify also parses text/plain by default: no route reads it, a
  // JSON route sent plain text should answer 415 (not a puzzling validation error), and it is
  // one of the types a cross-site page may POST without a CORS preflight.
  app.removeContentTypeParser('text/plain');

  // A NUL character can reach no text column (PostgreSQL refuses it): refuse it here, once for
  // every route, in the path or the query. In bodies the error handler maps PostgreSQL's refusal.
  app.addHook('onRequest', async (request) => {
    if (hasNulCharacter(request.url)) throw new AppError('NUL_CHARACTER');
  });

  // CSRF: a random value in an HttpOnly cookie, and forms carry its HMAC under our secret.
  // A cross-site page can neither read the cookie nor compute the token.
  app.decorateRequest('csrfToken', function csrfToken(this: FastifyRequest) {
    let value = this.cookies[CSRF_COOKIE];
    if (!value || !/^[\w-]{32,64}$/.test(value)) {
      value = randomBytes(24).toString('base64url');
      this.cookies[CSRF_COOKIE] = value;
      // The reply sets the cookie (see onSend below).
      (this as FastifyRequest & { newCsrfCookie?: string }).newCsrfCookie = value;
    }
    return csrfTokenFor(config, value);
  });
  app.addHook('onSend', async (request, reply) => {
    const fresh = (request as FastifyRequest & { newCsrfCookie?: string }).newCsrfCookie;
    if (fresh) reply.setCookie(CSRF_COOKIE, fresh, cookieOptions(config));
  });
  // Before the body is read: a cookie-authenticated API call must send JSON (415 otherwise).
  app.addHook('preParsing', async (request) => {
    if (refusesNonJsonBody(request)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  });
  app.decorateRequest('assertCsrf', function assertCsrf(this: FastifyRequest, fields: Record<string, unknown> | undefined) {
    if (!needsCsrfToken(this)) return;
    const cookie = this.cookies[CSRF_COOKIE];
    const sent = typeof fields?._csrf === 'string' ? fields._csrf : this.headers['x-csrf-token'];
    if (!cookie || typeof sent !== 'string') throw new AppError('CSRF_INVALID');
    if (!csrfTokenMatches(config, cookie, sent)) throw new AppError('CSRF_INVALID');
  });
  app.addHook('preHandler', async (request) => {
    request.assertCsrf(request.body as Record<string, unknown> | undefined);
  });
}

/** True when the raw URL carries a NUL character, encoded (%00) or not. */
export function hasNulCharacter(url: string): boolean {
  return url.includes('\u0000') || /%00/i.test(url);
}

/** The strict headers of every answer: CSP without 'unsafe-inline', no framing, no sniffing. */
export function securityHeaders(config: Pick<Config, 'isSecureCookies' | 'mapTileUrl'>): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // The reports map's tile server (MAP_TILE_URL), when one is configured.
    `img-src 'self' data:${config.mapTileUrl ? ` ${new URL(config.mapTileUrl.replace(/\{[a-z]\}/g, '0')).origin}` : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(config.isSecureCookies ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    'permissions-policy': 'camera=(), microphone=(), payment=(), geolocation=(self)',
    ...(config.isSecureCookies ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
