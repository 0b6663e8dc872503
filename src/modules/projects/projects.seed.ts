// Demo data (both profiles): a circuits layer (ve), a few projects, communal bank accounts and
// transfers, one of them corrected; a social-production unit (ve). Idempotent: projects by source key, accounts by reference,
// transfers by idempotency key.
import type { Deps } from '../../platform/module.ts';
import { importLayer, listLayers } from '../territories/index.ts';
import { recordTransfer, registerBankAccount } from './ledger.service.ts';
import { createProject } from './projects.service.ts';
import { CIRCUIT_LAYER } from './projects.types.ts';
import { registerSocialUnit } from './social-unit.service.ts';

const SEED_ADMIN = { accountId: '00000000-0000-7000-8000-000000000000', grants: [{ role: 'platform_admin' }] };
const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

interface DemoProject {
  key: string;
  title: string;
  description: string;
  territoryCode: string;
  executorTerritoryCode?: string;
  executorAgencyCode?: string;
  lat: number | null;
  lon: number | null;
  budgetMinor: number;
  milestones: string[];
  bank: { reference: string; bankName: string; holderName: string };
  deposits: number[];
}

const DEMO: Record<string, { agency: string; currency: string; projects: DemoProject[] }> = {
  ve: {
    agency: 'MPPCOMUNAS',
    currency: 'VES',
    projects: [
      {
        key: 'ducto-bloque-7',
        title: 'Sustitución de tuberías de aguas blancas del Bloque 7',
        description: 'Cambio de 400 m de tubería y dos válvulas de paso, ejecutado por el consejo comunal.',
        territoryCode: 'VE-A-01-01-01-01',
        executorTerritoryCode: 'VE-A-01-01-01-01',
        lat: 10.505,
        lon: -66.94,
        budgetMinor: 4_800_000,
        milestones: ['Compra de materiales', 'Instalación', 'Prueba de presión'],
        bank: { reference: 'VE-BV-0102-0001', bankName: 'Banco de Venezuela', holderName: 'Banco comunal de la Comuna Los Bloques' },
        deposits: [2_000_000, 1_500_000],
      },
      {
        key: 'cancha-cerritos',
        title: 'Rehabilitación de la cancha de Los Cerritos',
        description: 'Piso, tableros e iluminación de la cancha múltiple.',
        territoryCode: 'VE-A-01-01-01-02',
        executorTerritoryCode: 'VE-A-01-01-01-02',
        lat: 10.51,
        lon: -66.93,
        budgetMinor: 2_600_000,
        milestones: ['Piso', 'Iluminación'],
        bank: { reference: 'VE-BV-0102-0001', bankName: 'Banco de Venezuela', holderName: 'Banco comunal de la Comuna Los Bloques' },
        deposits: [1_300_000],
      },
      {
        key: 'casa-comunal-camino-nuevo',
        title: 'Techado de la casa comunal de Camino Nuevo',
        description: 'Techo de la casa comunal donde se reúnen las asambleas.',
        territoryCode: 'VE-A-01-03-01',
        executorTerritoryCode: 'VE-A-01-03-01',
        lat: null,
        lon: null,
        budgetMinor: 1_900_000,
        milestones: ['Estructura', 'Láminas'],
        bank: { reference: 'VE-BT-0163-0042', bankName: 'Banco del Tesoro', holderName: 'Banco comunal de la Comuna Camino Nuevo' },
        deposits: [900_000],
      },
      {
        key: 'panaderia-comunal-los-bloques',
        title: 'Horno y amasadora de la Panadería Comunal Los Bloques',
        description: 'Equipos de la unidad de producción social que hornea el pan de la comuna.',
        territoryCode: 'VE-A-01-01-01',
        executorTerritoryCode: 'VE-A-01-01-01',
        lat: null,
        lon: null,
        budgetMinor: 3_200_000,
        milestones: ['Compra del horno', 'Instalación'],
        bank: { reference: 'VE-BV-0102-0077', bankName: 'Banco de Venezuela', holderName: 'Panadería Comunal Los Bloques (UPS)' },
        deposits: [1_600_000, 800_000],
      },
    ],
  },
  bo: {
    agency: 'GAMLP',
    currency: 'BOB',
    projects: [
      {
        key: 'graderias-mercado',
        title: 'Graderías y techo del mercado de Villa Fátima',
        description: 'Obra del gobierno municipal con seguimiento de la junta vecinal.',
        territoryCode: 'BO-L-01-01',
        executorAgencyCode: 'GAMLP',
        lat: -16.48,
        lon: -68.12,
        budgetMinor: 35_000_000,
        milestones: ['Diseño', 'Obra gruesa', 'Entrega'],
        bank: { reference: 'BO-BUN-10000042', bankName: 'Banco Unión', holderName: 'Cuenta de obras de la junta vecinal de Villa Fátima' },
        deposits: [12_000_000, 8_000_000],
      },
      {
        key: 'alcantarillado-el-alto',
        title: 'Alcantarillado del distrito 8 de El Alto',
        description: 'Red de alcantarillado de 12 manzanas.',
        territoryCode: 'BO-L-01-02',
        executorAgencyCode: 'GAMLP',
        lat: null,
        lon: null,
        budgetMinor: 52_000_000,
        milestones: ['Excavación', 'Tendido de red'],
        bank: { reference: 'BO-BUN-10000077', bankName: 'Banco Unión', holderName: 'Cuenta de obras del distrito 8' },
        deposits: [20_000_000],
      },
    ],
  },
};

export async function seedProjects(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code];
  if (!demo) return;
  if (deps.country.code === 've' && !(await listLayers(deps)).some((l) => l.code === CIRCUIT_LAYER)) {
    await importLayer(deps, SEED_ADMIN, CIRCUIT_LAYER, {
      type: 'FeatureCollection',
      name: { es: 'Circuitos comunales (ilustrativo)', en: 'Communal circuits (illustrative)' },
      description: { es: 'Polígonos hechos para la demostración.', en: 'Polygons made for the demo.' },
      features: [
        {
          type: 'Feature',
          properties: { code: 'circuito-01', name: { es: 'Circuito comunal 23 de Enero Oeste', en: '23 de Enero West communal circuit' } },
          geometry: box(-66.96, 10.49, -66.935, 10.53),
        },
        {
          type: 'Feature',
          properties: { code: 'circuito-02', name: { es: 'Circuito comunal 23 de Enero Este', en: '23 de Enero East communal circuit' } },
          geometry: box(-66.935, 10.49, -66.91, 10.53),
        },
      ],
    });
  }
  const client = { clientId: 'demo-seed', agencyCode: demo.agency };
  for (const p of demo.projects) {
    const { project } = await createProject(
      deps,
      { type: 'client', id: client.clientId, agencyCode: demo.agency },
      {
        kind: p.executorTerritoryCode ? 'consultation' : 'subnational',
        title: p.title,
        description: p.description,
        territoryCode: p.territoryCode,
        lat: p.lat,
        lon: p.lon,
        executorTerritoryCode: p.executorTerritoryCode ?? null,
        executorAgencyCode: p.executorAgencyCode ?? null,
        budgetMinor: p.budgetMinor,
        currency: demo.currency,
        milestones: p.milestones.map((title) => ({ title })),
        source: { demo: true },
      },
      { sourceKey: `demo:${p.key}` },
    );
    await registerBankAccount(deps, client, { bankName: p.bank.bankName, accountReference: p.bank.reference, holderName: p.bank.holderName, territoryCode: p.territoryCode });
    for (const [index, amount] of p.deposits.entries()) {
      const valueDate = new Date(project.createdAt.getTime() - (p.deposits.length - index) * 20 * 86_400_000).toISOString().slice(0, 10);
      await recordTransfer(
        deps,
        client,
        { projectId: project.id, accountReference: p.bank.reference, amountMinor: amount, currency: demo.currency, valueDate },
        { idempotencyKey: `demo:${p.key}:${index}` },
      );
    }
  }
  // A social-production unit whose accounts are the bakery's account (idempotent by its key).
  if (deps.country.code === 've')
    await registerSocialUnit(deps, client, {
      key: 'panaderia-comunal-los-bloques',
      name: 'Panadería Comunal Los Bloques',
      registryId: null,
      accountReference: 'VE-BV-0102-0077',
      organs: [
        { name: 'Asamblea de productoras y productores', members: 12 },
        { name: 'Comité de gestión', members: 3 },
        { name: 'Comité de contraloría social', members: 3 },
      ],
    });
}
