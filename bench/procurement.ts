// State procurement (issue #20): sealed offers accepted per second in the last minute before a
// deadline, through the real route (POST /compras/{id}/ofertas: session and CSRF check, the
// unit the person acts for read from the registry, validation, RSA-OAEP + AES-256-GCM sealing,
// SHA-256 and an RFC 3161 timestamp from the platform's TSA, the offer with its audit entry and
// outbox event in one statement), beside bare Fastify doing one pg INSERT of an offer row over
// HTTP, measured in the same run. Each offer goes to its own process (one offer per unit and
// process): the processes are copies of one published need, their deadline a minute away.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type pg from 'pg';
import { HttpSession, formsIn } from '../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { publishTenderAs } from '../src/modules/procurement/index.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

interface Options {
  app: TamboApp;
  baseUrl: string;
  pool: pg.Pool;
  seconds: number;
  warmupSeconds: number;
  writers: number;
  maxOperations: number;
}

const PROCESSES = 40_000;

export async function benchProcurement(o: Options) {
  const deps = o.app.tambo.deps;
  const agencies = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies.agency WHERE code = 'GAMEA'`.execute(deps.db);
  if (agencies.rows[0]!.n === 0) await o.app.tambo.seed();

  // A supplier's representative acting for a unit, signed in through the pages.
  const email = `proveedor-bench-${Date.now()}@prueba.bo`;
  const accountId = await testAccount(deps, { documentNumber: String(70_000_000 + (Date.now() % 9_000_000)), givenName: 'Proveedora', familyName: 'Banco', email });
  // The app's PUBLIC_URL may differ from where it listens: absolute redirects are mapped here.
  const publicUrl = deps.config.publicUrl;
  const browser = new (class extends HttpSession {
    override request(url: string, init: RequestInit = {}) {
      return super.request(url.startsWith(publicUrl) ? `${o.baseUrl}${url.slice(publicUrl.length)}` : url, init);
    }
  })();
  // signInPortal reads only the base URL of the app it is given.
  await signInPortal({ baseUrl: o.baseUrl } as Parameters<typeof signInPortal>[0], browser, email, TEST_ACCOUNT_PASSWORD);
  const nit = String(600_000_000 + (Date.now() % 99_000_000));
  const empresa = await (await browser.request(`${o.baseUrl}/empresa`)).text();
  const made = await browser.submit(
    `${o.baseUrl}/empresa`,
    empresa,
    { id: nit, name: 'Cooperativa Banco de Pruebas', legalForm: 'cooperativa', activityCodes: '107100', territoryCode: 'BO-L' },
    formsIn(empresa).findIndex((f) => f.action.startsWith('/empresa')),
  );
  if (made.status !== 303) throw new Error(`/empresa answered ${made.status}`);
  const registered = await (await browser.request(`${o.baseUrl}/empresa`)).text();
  await browser.submit(
    `${o.baseUrl}/empresa`,
    registered,
    { unidad: nit },
    formsIn(registered).findIndex((f) => f.action === '/empresa/actuar' && f.hidden.unidad === nit),
  );

  // One published need, copied: each offer goes to a process of its own, all closing in a minute.
  const { tender } = await publishTenderAs(deps, accountId, {
    agencyCode: 'GAMEA',
    title: 'Pan para el desayuno escolar (banco de pruebas)',
    description: '',
    cpvCode: '15811000-6',
    quantity: '1000',
    unit: 'piezas',
    territoryCode: 'BO-L',
    deliveryPlace: 'Almacén',
    deliveryDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    referenceAmount: '5000',
    reserved: 'none',
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
  });
  await sql`
    INSERT INTO procurement.tender (id, ocid, agency_code, created_by, title, description, cpv_code, quantity, unit, territory_code, delivery_place, delivery_date,
      reference_amount, currency, reserved, published_at, deadline, public_key)
    SELECT gen_random_uuid(), ocid || '-' || g, agency_code, created_by, title, description, cpv_code, quantity, unit, territory_code, delivery_place, delivery_date,
      reference_amount, currency, reserved, now() - interval '10 days', now() + interval '1 minute' + interval '1 hour', public_key
      FROM procurement.tender, generate_series(1, ${PROCESSES}) g WHERE id = ${tender.id}`.execute(deps.db);
  const ids = (await sql<{ id: string }>`SELECT id FROM procurement.tender WHERE ocid LIKE ${`${tender.ocid}-%`}`.execute(deps.db)).rows.map((r) => r.id);
  const page = await (await browser.request(`${o.baseUrl}/compras/${tender.id}`)).text();
  const form = formsIn(page).find((f) => f.action.startsWith(`/compras/${tender.id}/ofertas`));
  if (!form) throw new Error('no offer form on the process page');
  const csrf = form.hidden._csrf ?? '';
  const body = new URLSearchParams({ _csrf: csrf, amount: '4800,00', deliveryDate: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) }).toString();
  let next = 0;
  const tambo = async () => {
    const id = ids[next++];
    if (!id) throw new Error('out of processes');
    const response = await browser.request(`${o.baseUrl}/compras/${id}/ofertas`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    await response.arrayBuffer();
    if (response.status !== 303) throw new Error(`POST /compras/{id}/ofertas answered ${response.status}`);
  };

  // The baseline: bare Fastify, one pg INSERT of an offer row (a fixed envelope), over HTTP.
  const baseline = Fastify({ logger: false });
  // The same form body as the route's: parsed like Tambo's form parser would.
  baseline.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  let n = 0;
  baseline.post('/baseline/offers', async (_request, reply) => {
    n += 1;
    await o.pool.query(
      `INSERT INTO procurement.offer (id, tender_id, supplier_key, supplier_name, supplier_kind, submitted_by, sealed, sha256, timestamp_token)
       VALUES (gen_random_uuid(), $1, $2, 'Base', 'community', $3, 'c2VhbGVk', repeat('0', 64), 'dG9rZW4=')`,
      [tender.id, `BASE${n}`, accountId],
    );
    return reply.code(303).header('location', '/').send();
  });
  await baseline.listen({ host: '127.0.0.1', port: 0 });
  const baselineUrl = `http://127.0.0.1:${(baseline.server.address() as AddressInfo).port}/baseline/offers`;
  const base = async () => {
    const response = await fetch(baselineUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 303) throw new Error(`baseline answered ${response.status}`);
  };
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: Math.min(o.maxOperations, PROCESSES / 5), write });
  try {
    await run(base)(o.warmupSeconds);
    await run(tambo)(o.warmupSeconds);
    const measured = await abba(o.seconds, run(base), run(tambo));
    return {
      id: 'procurement.offers',
      title: 'procurement: sealed offers accepted before a deadline',
      detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; Tambo: POST /compras/{id}/ofertas with a session and CSRF token, acting for a unit (registry read), sealed (RSA-3072 OAEP + AES-256-GCM), SHA-256 and an RFC 3161 timestamp from the platform's TSA, the offer with its audit entry and event in one statement; baseline: bare Fastify + one pg INSERT of an offer row, over HTTP; order baseline, Tambo, Tambo, baseline`,
      unit: 'offers',
      baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
      tambo: { label: 'Tambo (route)', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    };
  } finally {
    await baseline.close();
  }
}
