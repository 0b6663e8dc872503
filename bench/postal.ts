// Postal tracking (issue #21): tracking events recorded per second through POST
// /api/v1/postal/shipments/{number}/events (client-credentials token, the S10 check, the
// shipment read, the event with its audit entry and outbox event in one statement, ON CONFLICT
// for the idempotency, then the shipment's history read back for the answer), a new event
// each, beside bare Fastify doing one pg INSERT of the same event row over HTTP, measured in
// the same run. The events are spread over many shipments, as the post's traffic is (a parcel
// has a handful of events): all on one shipment, every answer would carry the whole run's
// events (the baseline's too), and the history read back would grow with the run.
import Fastify from 'fastify';
import { registerShipment } from '../src/modules/postal/index.ts';
import { clientCredentialsToken, compareWriteRoute, postExpecting, type WriteRouteOptions } from './write-route.ts';

const SHIPMENTS = 1_000;
type Shipment = Awaited<ReturnType<typeof registerShipment>>['shipment'];

async function registerShipments(o: WriteRouteOptions): Promise<Shipment[]> {
  const shipments: Shipment[] = [];
  for (let batch = 0; batch < SHIPMENTS; batch += 20) {
    const made = await Promise.all(
      Array.from({ length: Math.min(20, SHIPMENTS - batch) }, (_, i) =>
        registerShipment(
          o.app.tambo.deps,
          { type: 'system', id: 'bench' },
          { kind: 'parcel', originOffice: 'AGBC-LPZ', destinationOffice: 'AGBC-CBA', addresseeName: `Destinatario ${batch + i} del bench`, address: 'Calle del bench 1' },
          { source: 'bench' },
        ),
      ),
    );
    shipments.push(...made.map((m) => m.shipment));
  }
  return shipments;
}

export async function benchPostal(o: WriteRouteOptions) {
  await o.app.tambo.seed();
  const shipments = await registerShipments(o);
  const token = await clientCredentialsToken(o, {
    id: 'bench-correos',
    secret: 'bench-correos-secret-0123456789abcdef',
    name: 'Sistema de seguimiento de Correos (bench)',
    agencyCode: shipments[0]!.agencyCode,
    scope: 'postal:track',
  });
  // Every write is a new event of the next shipment (round robin), at a different time each
  // (a millisecond apart, from 20 hours ago): each shipment gets a few events in a run.
  let tick = Date.now() - 20 * 3_600_000;
  const next = () => ({ shipment: shipments[tick % SHIPMENTS]!, event: { kind: 'in_transit', occurredAt: new Date(tick++).toISOString(), officeCode: 'AGBC-LPZ' } });
  const baseline = Fastify({ logger: false });
  baseline.post('/baseline/postal-events/:id', async (request, reply) => {
    const b = request.body as { kind: string; occurredAt: string; officeCode: string };
    await o.pool.query(`INSERT INTO postal.tracking_event (id, shipment_id, kind, occurred_at, office_code, source) VALUES (gen_random_uuid(), $1, $2, $3, $4, 'bench') ON CONFLICT DO NOTHING`, [
      (request.params as { id: string }).id,
      b.kind,
      b.occurredAt,
      b.officeCode,
    ]);
    return reply.code(201).send({ ok: true });
  });
  const json = { 'content-type': 'application/json' };
  return compareWriteRoute(o, {
    id: 'postal.events',
    title: 'postal tracking events recorded through the API',
    detail: `Tambo: POST /api/v1/postal/shipments/{number}/events with a client-credentials token (token check, S10 check, shipment read, the event with its audit entry and outbox event in one idempotent statement, then the shipment's history read back), round robin over ${SHIPMENTS} shipments; baseline: bare Fastify + one pg INSERT of the same event, over HTTP, over the same shipments`,
    unit: 'events',
    baseline,
    base: (origin) => {
      const { shipment, event } = next();
      return postExpecting(`${origin}/baseline/postal-events/${shipment.id}`, json, JSON.stringify(event), 201);
    },
    tambo: () => {
      const { shipment, event } = next();
      return postExpecting(`${o.baseUrl}/api/v1/postal/shipments/${shipment.number}/events`, { ...json, authorization: `Bearer ${token}` }, JSON.stringify(event), 201);
    },
  });
}
