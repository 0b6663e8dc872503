// Demo mode: the demo external producer runs beside Tambo (started by `npm start`, src/main.ts)
// on PORT + 2, and the seed publishes it in the catalog as the civil registry (SERECI in `bo`,
// SAIME in `ve`) and the registry of economic units (SEPREC / SAREN), granting the demo agency's
// system (the `demo-rp` client, which holds every machine right) both services. Producers'
// subsystems in the demo are clients registered under `demo-interop-<AGENCY>`. Tambo's own persons
// registry is published too, by its owner (SEGIP / SAIME, the demo agency itself): the service
// `registro-personas` at this instance's `/api/v1/registries/personas`, granted to the demo system.
import type { Config } from '../../platform/config.ts';
import type { Deps } from '../../platform/module.ts';
import { grantAccess, publishService, registerSubsystem, serviceCached } from './interop.service.ts';
import { instanceOf, MEMBER_CLASS } from './interop.types.ts';
import { DEMO_PRODUCER_OPENAPI, type DemoProducer, startDemoProducer } from './sandbox/server.ts';

export const demoProducerUrl = (config: Pick<Config, 'port'>): string => `http://127.0.0.1:${config.port + 2}`;

export function startDemoInteropProducer(config: Pick<Config, 'port' | 'country'>): Promise<DemoProducer> {
  return startDemoProducer({ country: config.country, port: config.port + 2 });
}

const DEMO = {
  bo: { consumer: 'SEGIP', persons: { agency: 'SERECI', label: 'SERECI' }, units: { agency: 'SEPREC', label: 'SEPREC' } },
  ve: { consumer: 'SAIME', persons: { agency: 'SAIME', label: 'SAIME' }, units: { agency: 'SAREN', label: 'SAREN' } },
} as const;

/**
 * The agencies whose demo procedures are prefilled through the exchange (once-only; the catalog's
 * demo forms name these services): REJAP's criminal record certificate reads the birth facts from
 * SERECI, MINTRAB's contract visa reads the employer from SEPREC. Each gets a demo subsystem and
 * the producer's grant of that endpoint.
 */
const PREFILL_CONSUMERS: Record<'bo' | 've', Array<{ agency: string; service: 'personas' | 'unidades'; path: string }>> = {
  bo: [
    { agency: 'REJAP', service: 'personas', path: '/personas/persona/*' },
    { agency: 'MINTRAB', service: 'unidades', path: '/unidades/unidad/*' },
  ],
  ve: [],
};
const SUBSYSTEM = 'demo';

/** Tambo's own persons registry as an exchange service (docs/interoperability.md, "Tambo's own registries"). */
const OWN_PERSONS_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Registro de personas (Tambo, /api/v1/registries/personas)', version: '1.0.0' },
  paths: Object.fromEntries(
    ['/records/{id}', '/records/{id}/history'].map((path) => [
      path,
      { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The record' }, 404: { description: 'Unknown' } } } },
    ]),
  ),
};

export async function seedInterop(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code];
  const consumer = { clientId: 'demo-rp', agencyCode: demo.consumer };
  const consumerId = `${instanceOf(deps.country.code)}/${MEMBER_CLASS}/${demo.consumer}/${SUBSYSTEM}`;
  await registerSubsystem(deps, consumer, SUBSYSTEM);
  const services = [
    { ...demo.persons, code: 'personas', title: 'Hechos del estado civil de una persona', path: '/personas/*', classification: 'personal' as const },
    { ...demo.units, code: 'unidades', title: 'Unidad económica registrada', path: '/unidades/*', classification: 'public' as const },
  ];
  // The demo agency owns the persons registry in both profiles (SEGIP, SAIME): it publishes it and reads it through the exchange.
  if (!(await serviceCached(deps, demo.consumer, SUBSYSTEM, 'registro-personas'))) {
    await publishService(deps, consumer, {
      code: 'registro-personas',
      title: 'Registro de personas (hechos del estado civil)',
      baseUrl: `${deps.config.publicUrl}/api/v1/registries/personas`,
      openapi: OWN_PERSONS_OPENAPI,
      legalBasis: deps.country.code === 'bo' ? 'Ley 164 de Telecomunicaciones y TIC, art. 72 (gobierno electrónico)' : 'Ley de Infogobierno, arts. 7 y 8',
      classification: 'personal',
      conditions: 'Solo para trámites en curso; el registro exige además el permiso registries:read de quien consulta',
      sourceLabel: demo.consumer,
    });
    await grantAccess(deps, consumer, 'registro-personas', { client: consumerId, method: 'GET', path: '/records/*' });
  }
  for (const s of services) {
    // An agency that both consumes and produces (SAIME in `ve`) does it as one subsystem.
    const producer = s.agency === demo.consumer ? consumer : { clientId: `demo-interop-${s.agency}`, agencyCode: s.agency };
    if (!(await serviceCached(deps, s.agency, SUBSYSTEM, s.code))) {
      await registerSubsystem(deps, producer, SUBSYSTEM);
      await publishService(deps, producer, {
        code: s.code,
        title: s.title,
        baseUrl: demoProducerUrl(deps.config),
        openapi: DEMO_PRODUCER_OPENAPI,
        legalBasis: deps.country.code === 'bo' ? 'Ley 164 de Telecomunicaciones y TIC, art. 72 (gobierno electrónico)' : 'Ley de Infogobierno, arts. 7 y 8',
        classification: s.classification,
        conditions: 'Solo para trámites en curso de la institución que consulta',
        sourceLabel: s.label,
      });
      await grantAccess(deps, producer, s.code, { client: consumerId, method: 'GET', path: s.path });
    }
    for (const c of PREFILL_CONSUMERS[deps.country.code].filter((p) => p.service === s.code)) {
      await registerSubsystem(deps, { clientId: `demo-interop-${c.agency}`, agencyCode: c.agency }, SUBSYSTEM);
      await grantAccess(deps, producer, s.code, { client: `${instanceOf(deps.country.code)}/${MEMBER_CLASS}/${c.agency}/${SUBSYSTEM}`, method: 'GET', path: c.path });
    }
  }
}
