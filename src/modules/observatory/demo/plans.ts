// Demo plans: Bolivia's e-government implementation plan (seed 001: its strategic lines and
// 2025 goals, section VIII) with the Observatorio's indicators (seed 003), and a smaller
// equivalent for Venezuela. Computed indicators name public figures of the `stats` contract.
import type { Formula, PlanSpec } from '../observatory.types.ts';

const inTime: Formula = { numerator: { stat: 'reports.answered_in_time' }, denominator: { stat: 'reports.received' }, scale: 100 };
const completedInTime: Formula = { numerator: { stat: 'catalog.completed_in_time' }, denominator: { stat: 'catalog.applications' }, scale: 100 };
const satisfaction: Formula = { numerator: { stat: 'catalog.satisfaction', measure: 'mean' } };
const resolved: Formula = { numerator: { stat: 'reports.resolved' }, denominator: { stat: 'reports.received' }, scale: 100 };

const ramp = (from: number, to: number, years = [2022, 2023, 2024, 2025]) =>
  Object.fromEntries(years.map((year, i) => [String(year), Math.round((from + ((to - from) * (i + 1)) / years.length) * 10) / 10]));

export const BO_PLAN: PlanSpec = {
  id: '019a1800-0000-7000-8000-000000000001',
  code: 'pige-2025',
  title: 'Plan de Implementación de Gobierno Electrónico 2017–2025',
  description: 'Metas al 2025 del plan de Gobierno Electrónico por eje y línea estratégica, e indicadores del Observatorio de Gobierno Electrónico.',
  ownerAgency: 'AGETIC',
  startYear: 2017,
  endYear: 2025,
  lines: [
    {
      axis: 'Gobierno Soberano',
      title: '1. Infraestructura y conectividad',
      goals: [
        {
          title: '70% de entidades públicas del nivel central del Estado se conectan a la red estatal de datos.',
          indicators: [
            {
              code: 'red-estatal',
              name: 'Entidades del nivel central conectadas a la red estatal de datos',
              unit: 'percent',
              baseline: 20,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              targets: ramp(20, 70),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Soberano',
      title: '4. Ciudadanía digital',
      goals: [
        {
          title: '40% de los ciudadanos que acceden a los trámites del Estado se autentican con Ciudadanía Digital.',
          indicators: [
            {
              code: 'ciudadania-digital',
              name: 'Ciudadanos que se autentican con Ciudadanía Digital',
              unit: 'percent',
              baseline: 0,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              targets: ramp(5, 40),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Eficiente',
      title: '6. Simplificación de trámites',
      goals: [
        {
          title: 'La información de procedimiento del 90% de los trámites está sistematizada en el portal y es consultada por la ciudadanía.',
          indicators: [
            {
              code: 'servicios-en-linea',
              name: 'Número de servicios en línea',
              unit: 'count',
              baseline: 12,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(40, 200),
            },
            {
              code: 'servicios-portal-unico',
              name: 'Número de servicios en línea ofertados a través del portal único',
              unit: 'count',
              baseline: 0,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(30, 180),
            },
            {
              code: 'tramites-en-plazo',
              name: 'Trámites concluidos en plazo legal',
              unit: 'percent',
              baseline: 50,
              baselineYear: 2017,
              formula: completedInTime,
              responsibleAgency: 'AGETIC',
              targets: ramp(60, 90),
            },
            {
              code: 'procesos-automatizados',
              name: 'Porcentaje de procesos adjetivos automatizados',
              unit: 'percent',
              baseline: 10,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(20, 60),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Eficiente',
      title: '3. Interoperabilidad',
      goals: [
        {
          title: '100% de las entidades que lo requieren publican datos o acceden a ellos a través de la plataforma de interoperabilidad.',
          indicators: [
            {
              code: 'servicios-web',
              name: 'Porcentaje de instituciones que publican servicios web para otras instituciones',
              unit: 'percent',
              baseline: 5,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(25, 100),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Eficiente',
      title: '11. Calidad de los servicios públicos',
      goals: [
        {
          title: '100% de reclamos recibidos en la plataforma de gestión de reclamos del Estado derivados a las entidades competentes.',
          indicators: [
            {
              code: 'reclamos-en-plazo',
              name: 'Reclamos respondidos en plazo legal',
              unit: 'percent',
              baseline: 40,
              baselineYear: 2017,
              formula: inTime,
              responsibleAgency: 'AGETIC',
              targets: ramp(55, 100),
            },
            { code: 'reclamos-resueltos', name: 'Reclamos resueltos', unit: 'percent', baseline: 30, baselineYear: 2017, formula: resolved, responsibleAgency: 'AGETIC', targets: ramp(45, 90) },
            {
              code: 'calidad-percibida',
              name: 'Índice de percepción de calidad de los servicios públicos (1 a 5)',
              unit: 'points',
              baseline: 3,
              baselineYear: 2017,
              formula: satisfaction,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(3.4, 4.2),
            },
            {
              code: 'sitios-accesibles',
              name: 'Instituciones con sitios web accesibles',
              unit: 'percent',
              baseline: 8,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(25, 80),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Abierto y Participativo',
      title: '13. Transparencia y datos abiertos',
      goals: [
        {
          title: '60% de entidades públicas del nivel central del Estado publican sus datos con los estándares establecidos.',
          indicators: [
            {
              code: 'entidades-datos-abiertos',
              name: 'Número de instituciones con conjuntos de datos abiertos',
              unit: 'count',
              baseline: 3,
              baselineYear: 2017,
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: ramp(15, 60),
            },
          ],
        },
      ],
    },
  ],
};

export const VE_PLAN: PlanSpec = {
  id: '019a1800-0000-7000-8000-000000000002',
  code: 'gobierno-electronico-2025',
  title: 'Plan Nacional de Gobierno Electrónico 2022–2025',
  description: 'Metas de servicios en línea, calidad de la atención y datos abiertos del Gobierno Bolivariano.',
  ownerAgency: 'CNTI',
  startYear: 2022,
  endYear: 2025,
  lines: [
    {
      axis: 'Gobierno cercano',
      title: '1. Servicios en línea',
      goals: [
        {
          title: 'Los trámites de la Administración Pública se ofrecen en línea y se concluyen en plazo.',
          indicators: [
            { code: 'servicios-en-linea', name: 'Número de servicios en línea', unit: 'count', baseline: 10, baselineYear: 2021, responsibleAgency: 'CNTI', observatory: true, targets: ramp(20, 80) },
            {
              code: 'tramites-en-plazo',
              name: 'Trámites concluidos en plazo legal',
              unit: 'percent',
              baseline: 50,
              baselineYear: 2021,
              formula: completedInTime,
              responsibleAgency: 'CNTI',
              targets: ramp(60, 90),
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno abierto',
      title: '2. Atención al pueblo',
      goals: [
        {
          title: 'Los reportes del 1x10 del Buen Gobierno se responden en plazo.',
          indicators: [
            { code: 'reportes-en-plazo', name: 'Reportes respondidos en plazo', unit: 'percent', baseline: 40, baselineYear: 2021, formula: inTime, responsibleAgency: 'CNTI', targets: ramp(55, 95) },
            {
              code: 'calidad-percibida',
              name: 'Índice de percepción de calidad de los servicios públicos (1 a 5)',
              unit: 'points',
              baseline: 3,
              baselineYear: 2021,
              formula: satisfaction,
              responsibleAgency: 'CNTI',
              observatory: true,
              targets: ramp(3.4, 4.2),
            },
          ],
        },
      ],
    },
  ],
};

/** Past years' figures: the reported indicators' as their entities reported them, the computed ones' as the yearly job kept them. */
export const DEMO_HISTORY: Record<string, Record<string, Record<string, number>>> = {
  'pige-2025': {
    'servicios-en-linea': { 2022: 48, 2023: 86, 2024: 131 },
    'servicios-portal-unico': { 2022: 35, 2023: 70, 2024: 112 },
    'entidades-datos-abiertos': { 2022: 12, 2023: 21, 2024: 34 },
    'sitios-accesibles': { 2022: 18, 2023: 27, 2024: 39 },
    'red-estatal': { 2022: 35, 2023: 44, 2024: 52 },
    'tramites-en-plazo': { 2022: 64, 2023: 71, 2024: 77 },
    'reclamos-en-plazo': { 2022: 58, 2023: 66, 2024: 74 },
    'calidad-percibida': { 2022: 3.5, 2023: 3.7, 2024: 3.9 },
  },
  'gobierno-electronico-2025': { 'servicios-en-linea': { 2022: 18, 2023: 31, 2024: 44 }, 'reportes-en-plazo': { 2022: 52, 2023: 61, 2024: 70 } },
};
