// What the write-route benchmarks share (postal.ts, procurement.ts, projects.ts): their
// options, a client-credentials token for an agency's system, a POST that must answer one
// status, and the measurement itself: a bare Fastify baseline listening beside Tambo, a warm-up
// of each side, then baseline, Tambo, Tambo, baseline with the same writers.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

export interface WriteRouteOptions {
  app: TamboApp;
  baseUrl: string;
  pool: pg.Pool;
  seconds: number;
  warmupSeconds: number;
  writers: number;
  maxOperations: number;
}

/** POSTs `body` and fails unless the answer has the `expected` status (redirects are not followed). */
export async function postExpecting(url: string, headers: Record<string, string>, body: string, expected: number): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
}

/** Registers an agency's system (idempotent) with these rights, and gets it a client-credentials token for `scope`. */
export async function clientCredentialsToken(o: Pick<WriteRouteOptions, 'pool' | 'baseUrl'>, client: { id: string; secret: string; name: string; agencyCode: string; scope: string }): Promise<string> {
  await o.pool.query(
    `INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
       minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
     VALUES ($1, $2, $3, $4, '{}', '{}', '{}', 'bajo', 'public', false, false, 'Bench', true, $5)
     ON CONFLICT DO NOTHING`,
    [client.id, client.secret, client.name, client.agencyCode, [client.scope]],
  );
  const answer = await fetch(`${o.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: client.scope }).toString(),
  });
  if (answer.status !== 200) throw new Error(`the token endpoint answered ${answer.status}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

export interface RouteComparison {
  id: string;
  title: string;
  /** What each side does ("Tambo: …; baseline: …"): the clients, the times and the order are added. */
  detail: string;
  unit: string;
  /** The bare Fastify app, not yet listening: it listens on a free port for the measurement and is closed after it. */
  baseline: FastifyInstance;
  /** One write to the baseline at its URL (origin), and one to Tambo, by writer `writer`. */
  base: (baselineOrigin: string) => Promise<void>;
  tambo: (writer: number) => Promise<void>;
  /** A lower bound on the writes of one run than the options' (e.g. the processes prepared). */
  maxOperations?: number;
}

/** Warms each side, then measures baseline, Tambo, Tambo, baseline: the figures and the ratio as run.ts prints them. */
export async function compareWriteRoute(o: WriteRouteOptions, c: RouteComparison) {
  const origin = await c.baseline.listen({ port: 0, host: '127.0.0.1' });
  const maxOperations = Math.min(o.maxOperations, c.maxOperations ?? Number.POSITIVE_INFINITY);
  const run = (write: (writer: number) => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations, write });
  const base = () => c.base(origin);
  try {
    await run(base)(o.warmupSeconds);
    await run(c.tambo)(o.warmupSeconds);
    const measured = await abba(o.seconds, run(base), run(c.tambo));
    return {
      id: c.id,
      title: c.title,
      detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; ${c.detail}; order baseline, Tambo, Tambo, baseline`,
      unit: c.unit,
      baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
      tambo: { label: 'Tambo (route)', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    };
  } finally {
    await c.baseline.close();
  }
}
