// The exchange (docs/interoperability.md): calls per second through /r1/… (client token check,
// X-Road-Client check, cached service and grant lookups, the X-Road-Id claim in the message log,
// the HTTP hop to the producer, the response hash and statistics) beside direct calls to the same
// demo producer in the same run. Batch sealing (signature and timestamp) runs in the
// `interop:seal` job, off the call path; its cost per batch is measured too.
import { sql } from 'kysely';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { startDemoProducer } from '../src/modules/interop/index.ts';
import { ExchangeHarness } from '../src/modules/interop/interop.test-helpers.ts';
import { sealPendingBatches } from '../src/modules/interop/message-log.service.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

export async function benchInterop(input: { app: TamboApp; baseUrl: string; seconds: number; maxOperations: number }) {
  const { deps } = input.app.tambo;
  const admin = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'admin@demo.tambo'`.execute(deps.db);
  if (admin.rows.length === 0) await input.app.tambo.seed();
  const producer = await startDemoProducer({ country: deps.country.code === 've' ? 've' : 'bo' });
  try {
    const h = new ExchangeHarness(input.baseUrl);
    await h.init(deps);
    const suffix = Date.now().toString(36);
    const owner = await h.system('SERECI', `bench-p-${suffix}`, ['interop:call', 'interop:manage']);
    const consumer = await h.system('SIN', `bench-c-${suffix}`, ['interop:call']);
    await h.publish(owner, 'personas', producer.url);
    await h.grant(owner, 'personas', consumer.client, 'GET', '/personas/*');
    const instance = deps.country.code.toUpperCase();
    const document = deps.country.code === 've' ? 'V-12345678' : '4567891 LP';
    const through = `/r1/${instance}/GOV/SERECI/${owner.client.split('/')[3]}/personas/personas/persona/${encodeURIComponent(document)}`;
    const direct = `${producer.url}/personas/persona/${encodeURIComponent(document)}`;
    const check = (response: Response) => {
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      return response.arrayBuffer();
    };
    const writers = 4;
    const viaExchange = (seconds: number) => runWriters({ writers, seconds, maxOperations: input.maxOperations, write: async () => check(await h.call(consumer, through)) });
    const directly = (seconds: number) => runWriters({ writers, seconds, maxOperations: input.maxOperations, write: async () => check(await fetch(direct)) });
    await viaExchange(0.5);
    await directly(0.5);
    const calls = await abba(input.seconds, directly, viaExchange);
    const sealStart = performance.now();
    const sealed = await sealPendingBatches(deps);
    const sealSeconds = (performance.now() - sealStart) / 1000;
    return [
      {
        id: 'interop.call',
        title: 'interop: a call through the exchange',
        detail: `GET /r1/…/personas/persona/{id} (token, X-Road-Client, cached service and grant, X-Road-Id claim, HTTP to the demo producer, response hash, statistics) against GET of the same URL on the producer directly, ${writers} concurrent callers, ${input.seconds} s each; order baseline, Tambo, Tambo, baseline; sealing afterwards: ${sealed} messages in ${sealSeconds.toFixed(2)} s (${Math.round(sealed / Math.max(sealSeconds, 0.001))} messages/s, one CMS signature and one timestamp per 1000)`,
        unit: 'calls',
        baseline: { label: 'direct call to the producer', ...calls.baseline },
        tambo: { label: 'calls through the exchange', ...calls.subject },
        ratio: ratio(calls.subject.perSecond, calls.baseline.perSecond),
      },
    ];
  } finally {
    await producer.close();
  }
}
