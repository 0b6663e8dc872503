// Demo data: one consultation open for voting in each country profile, with a few proposals
// per territory (one of them found not viable, with its reason). Idempotent: the fixed slug
// is the consultation's key. In the `ve` profile the demo citizen is in the census of Comuna
// Los Bloques; in `bo` she votes in El Alto, her verified territory.
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { findConsultationRow, updateProposalReview, upsertCensusRows } from './consultations.queries.ts';
import { createConsultation, submitProposal } from './consultations.service.ts';

const DAY = 86_400_000;

interface DemoUnit {
  code: string;
  name: string;
  budgetMinor: number;
  proposals: Array<{ title: string; description: string; costMinor: number; lat: number; lon: number; viable?: string; notViable?: string }>;
}

const demo: Record<
  'bo' | 've',
  { slug: string; title: string; description: string; currency: 'BOB' | 'VES'; census?: { documentType: string; documentNumber: string; unitCode: string }; units: DemoUnit[] }
> = {
  bo: {
    slug: 'presupuesto-participativo-2027',
    title: 'Presupuesto participativo 2027: La Paz y El Alto',
    description: 'Los vecinos eligen qué proyectos de su municipio financia el presupuesto participativo 2027. Elija entre 1 y 2 proyectos de su municipio.',
    currency: 'BOB',
    units: [
      {
        code: 'BO-L-01-02',
        name: 'El Alto',
        budgetMinor: 150_000_000,
        proposals: [
          { title: 'Enlosetado de la calle 5, Villa Adela', description: 'Enlosetado de 600 metros de la calle 5 con cunetas y aceras.', costMinor: 90_000_000, lat: -16.512, lon: -68.176 },
          { title: 'Posta de salud de Senkata: equipamiento', description: 'Equipos de laboratorio y una ambulancia para la posta de salud.', costMinor: 60_000_000, lat: -16.573, lon: -68.196 },
          { title: 'Cancha múltiple de Río Seco', description: 'Cancha con graderías e iluminación para el distrito 5.', costMinor: 55_000_000, lat: -16.487, lon: -68.2 },
          {
            title: 'Teleférico hasta la plaza del barrio',
            description: 'Una línea de teleférico de cuatro estaciones.',
            costMinor: 140_000_000,
            lat: -16.5,
            lon: -68.19,
            notViable: 'Su costo real supera con mucho el presupuesto del municipio: es una obra nacional.',
          },
        ],
      },
      {
        code: 'BO-L-01-01',
        name: 'La Paz',
        budgetMinor: 120_000_000,
        proposals: [
          { title: 'Muro de contención en Pampahasi', description: 'Muro de 120 metros contra deslizamientos en la ladera este.', costMinor: 70_000_000, lat: -16.5, lon: -68.11 },
          { title: 'Biblioteca del barrio Sopocachi', description: 'Renovación y ampliación de la biblioteca municipal.', costMinor: 40_000_000, lat: -16.51, lon: -68.127 },
          { title: 'Alumbrado público en Villa Fátima', description: 'Luminarias LED en 40 cuadras.', costMinor: 35_000_000, lat: -16.48, lon: -68.12 },
        ],
      },
    ],
  },
  ve: {
    slug: 'consulta-popular-2027',
    title: 'Consulta Popular Nacional 2027: comunas de Libertador',
    description: 'Las comunas eligen los proyectos que el Estado financia en 2027. Elija los proyectos de su comuna que quepan en su presupuesto.',
    currency: 'VES',
    census: { documentType: 'CEDULA', documentNumber: 'V-18765432', unitCode: 'VE-A-01-01-01' },
    units: [
      {
        code: 'VE-A-01-01-01',
        name: 'Comuna Los Bloques',
        budgetMinor: 250_000_00,
        proposals: [
          { title: 'Rehabilitación del ambulatorio del Bloque 7', description: 'Techo, baños y equipos del ambulatorio.', costMinor: 120_000_00, lat: 10.505, lon: -66.935 },
          { title: 'Sistema de bombeo de agua de Los Cerritos', description: 'Dos bombas y tubería para llevar agua a los bloques altos.', costMinor: 100_000_00, lat: 10.507, lon: -66.94 },
          { title: 'Cancha deportiva de Vista Hermosa', description: 'Piso, tableros e iluminación.', costMinor: 80_000_00, lat: 10.503, lon: -66.93 },
        ],
      },
      {
        code: 'VE-A-01-03-01',
        name: 'Comuna Camino Nuevo',
        budgetMinor: 180_000_00,
        proposals: [
          { title: 'Vialidad de la calle principal de Las Torres', description: 'Asfaltado y drenaje de 400 metros.', costMinor: 110_000_00, lat: 10.47, lon: -66.98 },
          { title: 'Casa comunal de El Carmen Alto', description: 'Un espacio para asambleas y el banco comunal.', costMinor: 60_000_00, lat: 10.468, lon: -66.975 },
        ],
      },
    ],
  },
};

export async function seedConsultations(deps: Deps): Promise<void> {
  const profile = deps.country.code === 've' ? demo.ve : demo.bo;
  if (await findConsultationRow(deps.db, profile.slug)) return;
  const now = Date.now();
  const id = uuidv7();
  await createConsultation(
    deps,
    {
      id,
      slug: profile.slug,
      title: profile.title,
      description: profile.description,
      countryProfile: deps.country.code,
      currency: profile.currency,
      ballotRule: deps.country.code === 've' ? 'knapsack' : 'approval',
      approvalMin: 1,
      approvalMax: 2,
      resultMethod: deps.country.code === 've' ? 'mes' : 'greedy',
      minLevel: 'bajo',
      eligibility: 'both',
      allowRevote: true,
      proposalsOpenAt: new Date(now - 40 * DAY),
      reviewOpenAt: new Date(now - 20 * DAY),
      votingOpenAt: new Date(now - DAY),
      votingCloseAt: new Date(now + 30 * DAY),
      executionOpenAt: new Date(now + 45 * DAY),
      isDemo: true,
      units: profile.units.map((u) => ({ code: u.code, layerCode: null, name: u.name, budgetMinor: u.budgetMinor })),
    },
    { type: 'system' },
  );
  for (const unit of profile.units) {
    for (const p of unit.proposals) {
      const proposalId = await submitProposal(deps, { accountId: null, type: 'system' }, id, {
        unitCode: unit.code,
        title: p.title,
        description: p.description,
        costMinor: p.costMinor,
        lat: p.lat,
        lon: p.lon,
      });
      await updateProposalReview(
        deps.db,
        proposalId,
        p.notViable ? { status: 'not_viable', reason: p.notViable, by: null } : { status: 'viable', reason: 'Técnica y financieramente viable.', by: null },
      );
    }
  }
  if (profile.census) await upsertCensusRows(deps.db, id, [profile.census]);
}
