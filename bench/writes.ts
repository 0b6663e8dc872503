// Mailbox delivery and Open311 intake through their real routes over HTTP, each beside bare
// Fastify doing one pg INSERT of the same row over HTTP (bench/baseline.ts), 16 concurrent
// clients in this process, interleaved baseline, Tambo, Tambo, baseline.
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

// The demo seed's citizen, and its agency system (SEGIP) that may deliver mail.
const RECIPIENT = { documentType: 'CI', documentNumber: '4567891 LP' };
const CLIENT = { id: 'demo-rp', secret: 'demo-rp-secret' };
export const MAIL_BODY = JSON.stringify({ recipient: RECIPIENT, subject: 'Su cédula está lista', body: 'Puede recogerla en la oficina de la calle Comercio.' });
const OPEN311_FORM = new URLSearchParams({
  api_key: 'demo-open311-key',
  service_code: 'agua',
  lat: '-16.5',
  long: '-68.13',
  address_string: 'Calle Comercio 100',
  description: 'Fuga de agua en la esquina',
  'attribute[problema]': 'fuga',
}).toString();
const OPEN311_ROW = JSON.stringify({ categoryCode: 'agua', description: 'Fuga de agua en la esquina', answers: { problema: 'fuga' }, lat: -16.5, lon: -68.13, address: 'Calle Comercio 100' });

/** A write path's bench settings: the app, its URL and the shared baseline server's (bench/baseline.ts). */
export interface WriteOptions {
  app: TamboApp;
  baseUrl: string;
  baselineUrl: string;
  seconds: number;
  warmupSeconds: number;
  writers: number;
  maxOperations: number;
}

export async function post(url: string, headers: Record<string, string>, body: string, expected: number[]): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers, body }).catch((error: unknown) => {
    if (process.env.BENCH_DEBUG) process.stderr.write(`POST ${new URL(url).pathname} ${String((error as Error).cause ?? error)}\n`);
    throw error;
  });
  if (expected.includes(response.status)) await response.arrayBuffer();
  if (!expected.includes(response.status)) {
    if (process.env.BENCH_DEBUG)
      process.stderr.write(
        `POST ${new URL(url).pathname} ${response.status} ${await response
          .clone()
          .text()
          .catch(() => '')}\n`,
      );
    throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
  }
}

/** A write path beside the shared baseline's route, interleaved baseline, Tambo, Tambo, baseline; the ratio is the figure. */
export async function compare(o: WriteOptions, id: string, title: string, detail: string, unit: string, baseline: () => Promise<void>, tambo: () => Promise<void>) {
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: o.maxOperations, write });
  await run(baseline)(o.warmupSeconds);
  await run(tambo)(o.warmupSeconds);
  const measured = await abba(o.seconds, run(baseline), run(tambo));
  return {
    id,
    title,
    detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; ${detail}; order baseline, Tambo, Tambo, baseline`,
    unit,
    baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
    tambo: { label: 'Tambo (route)', ...measured.subject },
    ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
  };
}

export async function benchMailboxDeliveries(o: WriteOptions) {
  await o.app.tambo.seed();
  const response = await fetch(`${o.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mailbox:send' }).toString(),
  });
  if (response.status !== 200) throw new Error(`the token endpoint answered ${response.status}: ${await response.text()}`);
  const token = ((await response.json()) as { access_token: string }).access_token;
  return compare(
    o,
    'mailbox.deliver',
    'mailbox deliveries',
    'Tambo: POST /api/v1/mailbox/messages with a client-credentials token (token check, validation, recipient, the message, its audit entry and event); baseline: bare Fastify + one pg INSERT of the same message row, over HTTP',
    'messages',
    () => post(`${o.baselineUrl}/baseline/mailbox`, { 'content-type': 'application/json' }, MAIL_BODY, [201]),
    () => post(`${o.baseUrl}/api/v1/mailbox/messages`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, MAIL_BODY, [201]),
  );
}

export async function benchOpen311Requests(o: WriteOptions) {
  await o.app.tambo.seed();
  return compare(
    o,
    'open311.submit',
    'Open311 service requests',
    'Tambo: POST /open311/v2/requests.json, form-encoded with the demo API key (key check, validation, routing, the report, its timeline, audit entry, event and statistics); baseline: bare Fastify + one pg INSERT of the same report row, over HTTP',
    'requests',
    () => post(`${o.baselineUrl}/baseline/reports`, { 'content-type': 'application/json' }, OPEN311_ROW, [201]),
    () => post(`${o.baseUrl}/open311/v2/requests.json`, { 'content-type': 'application/x-www-form-urlencoded' }, OPEN311_FORM, [200, 201]),
  );
}
