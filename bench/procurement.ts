// State procurement (issue #20): sealed offers accepted per second in the last minute before a
// deadline, through the real route (POST /compras/{id}/ofertas: session and CSRF check, the
// unit the person acts for read from the registry, validation, RSA-OAEP + AES-256-GCM sealing,
// SHA-256 and an RFC 3161 timestamp from the platform's TSA, the offer with its audit entry and
// outbox event in one statement), beside bare Fastify doing one pg INSERT of an offer row over
// HTTP, measured in the same run. Each offer goes to its own process (one offer per unit and
// process): the processes are copies of one published need, their deadline a minute away.
// Each writer is a supplier of its own, signed in with a session of its own, as in the last
// minute before a deadline: every request of a session touches its row (last seen), so one
// session shared by every writer would make them wait on each other, which real bidders do not.
import Fastify from 'fastify';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { publishTenderAs } from '../src/modules/procurement/index.ts';
import { compareWriteRoute, postExpecting, type WriteRouteOptions } from './write-route.ts';

const PROCESSES = 40_000;

/** A supplier's representative acting for a unit of their own, signed in through the pages. */
async function supplier(o: WriteRouteOptions, n: number): Promise<{ accountId: string; browser: HttpSession }> {
  const deps = o.app.tambo.deps;
  const email = `proveedor-bench-${n}-${Date.now()}@prueba.bo`;
  const accountId = await testAccount(deps, { documentNumber: String(70_000_000 + ((Date.now() + n * 7_919) % 9_000_000)), givenName: 'Proveedora', familyName: `Banco ${n}`, email });
  // The app's PUBLIC_URL may differ from where it listens: absolute redirects are mapped here.
  const publicUrl = deps.config.publicUrl;
  const browser = new (class extends HttpSession {
    override request(url: string, init: RequestInit = {}) {
      return super.request(url.startsWith(publicUrl) ? `${o.baseUrl}${url.slice(publicUrl.length)}` : url, init);
    }
  })();
  // signInPortal reads only the base URL of the app it is given.
  await signInPortal({ baseUrl: o.baseUrl } as Parameters<typeof signInPortal>[0], browser, email, TEST_ACCOUNT_PASSWORD);
  const nit = String(600_000_000 + ((Date.now() + n * 104_729) % 99_000_000));
  const empresa = await (await browser.request(`${o.baseUrl}/empresa`)).text();
  const made = await browser.submit(
    `${o.baseUrl}/empresa`,
    empresa,
    { id: nit, name: `Cooperativa Banco de Pruebas ${n}`, legalForm: 'cooperativa', activityCodes: '107100', territoryCode: 'BO-L' },
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
  return { accountId, browser };
}

export async function benchProcurement(o: WriteRouteOptions) {
  const deps = o.app.tambo.deps;
  const agencies = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies.agency WHERE code = 'GAMEA'`.execute(deps.db);
  if (agencies.rows[0]!.n === 0) await o.app.tambo.seed();
  const suppliers = await Promise.all(Array.from({ length: o.writers }, (_, n) => supplier(o, n)));
  const accountId = suppliers[0]!.accountId;

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
  // Each supplier's CSRF token (one per session), from the process page as its form carries it.
  const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const bodies = await Promise.all(
    suppliers.map(async ({ browser }) => {
      const page = await (await browser.request(`${o.baseUrl}/compras/${tender.id}`)).text();
      const offerForm = formsIn(page).find((f) => f.action.startsWith(`/compras/${tender.id}/ofertas`));
      if (!offerForm) throw new Error('no offer form on the process page');
      return new URLSearchParams({ _csrf: offerForm.hidden._csrf ?? '', amount: '4800,00', deliveryDate: day }).toString();
    }),
  );
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  let next = 0;
  const tambo = async (writer: number) => {
    const id = ids[next++];
    if (!id) throw new Error('out of processes');
    const response = await suppliers[writer]!.browser.request(`${o.baseUrl}/compras/${id}/ofertas`, { method: 'POST', headers: form, body: bodies[writer]! });
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
  return compareWriteRoute(o, {
    id: 'procurement.offers',
    title: 'procurement: sealed offers accepted before a deadline',
    detail: `Tambo: POST /compras/{id}/ofertas by ${o.writers} suppliers, each with a session and CSRF token of its own, acting for a unit (registry read), sealed (RSA-3072 OAEP + AES-256-GCM), SHA-256 and an RFC 3161 timestamp from the platform's TSA, the offer with its audit entry and event in one statement; baseline: bare Fastify + one pg INSERT of an offer row, over HTTP`,
    unit: 'offers',
    baseline,
    base: (origin) => postExpecting(`${origin}/baseline/offers`, form, bodies[0]!, 303),
    tambo,
    maxOperations: PROCESSES / 5,
  });
}
