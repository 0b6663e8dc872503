// The tables of the demo datasets (specs.ts), built from the country facts.
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { listTerritories, type Territory } from '../../territories/index.ts';
import type { DictionaryField } from '../open-data.types.ts';
import { CENSUS_2012_BO, type TableSpec } from './specs.ts';

export interface Table {
  fields: DictionaryField[];
  rows: string[][];
}

const field = (id: string, type: DictionaryField['type'], label: string, unit = '', notes = ''): DictionaryField => ({ id, type, label, unit, notes });

export async function allTerritories(deps: Pick<Deps, 'db'>): Promise<Territory[]> {
  const out: Territory[] = [];
  const walk = async (parent: string | null) => {
    for (const t of await listTerritories(deps, parent)) {
      out.push(t);
      await walk(t.code);
    }
  };
  await walk(null);
  return out;
}

/** Inhabitants of each top-level unit: the census where known, else 150 000 per municipality-level unit below it (illustrative). */
function populationOf(top: Territory, all: Territory[]): number {
  return CENSUS_2012_BO[top.code] ?? 150_000 * Math.max(1, all.filter((t) => t.path[0] === top.code && t.path.length === 3).length);
}

/** `territories`: the whole tree (allTerritories), read once for every table of a seed. */
export async function buildTable(deps: Pick<Deps, 'db' | 'country'>, spec: TableSpec, territories: Territory[]): Promise<Table> {
  const level = deps.country.territoryLevels[0]?.name.es.toLowerCase() ?? 'departamento';
  switch (spec.kind) {
    case 'territories': {
      const all = territories;
      return {
        fields: [
          field('codigo', 'text', 'Código'),
          field('nombre', 'text', 'Nombre'),
          field('nivel', 'text', 'Nivel territorial'),
          field('codigo_superior', 'text', 'Código de la unidad superior'),
          field('capital', 'bool', 'Es capital'),
        ],
        rows: all.map((t) => [t.code, t.name, t.level, t.parentCode ?? '', String(t.isCapital)]),
      };
    }
    case 'population': {
      const all = territories;
      const tops = all.filter((t) => t.parentCode === null);
      return {
        fields: [field('codigo', 'text', 'Código'), field(level, 'text', `Nombre del ${level}`), field('poblacion', 'int', 'Habitantes', 'personas', 'Censo 2012 (INE)')],
        rows: tops.map((t) => [t.code, t.name, String(populationOf(t, all))]),
      };
    }
    case 'holidays': {
      const rows = spec.years.flatMap((year) =>
        deps.country.holidays(year).map((h) => [h.date, h.name.es, h.name.en, new Intl.DateTimeFormat('es', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${h.date}T12:00:00Z`))]),
      );
      return { fields: [field('fecha', 'date', 'Fecha'), field('nombre', 'text', 'Nombre'), field('nombre_en', 'text', 'Nombre en inglés'), field('dia_semana', 'text', 'Día de la semana')], rows };
    }
    case 'agencies': {
      const agencies = await listAgencies(deps);
      return {
        fields: [
          field('codigo', 'text', 'Código'),
          field('nombre', 'text', 'Nombre'),
          field('sigla', 'text', 'Sigla'),
          field('tipo', 'text', 'Tipo de institución'),
          field('territorio', 'text', 'Código del territorio que atiende', '', 'Vacío: todo el país'),
        ],
        rows: agencies.map((a) => [a.code, a.name, a.acronym, a.kind, a.territoryCode ?? '']),
      };
    }
    case 'series': {
      const all = territories;
      const tops = all.filter((t) => t.parentCode === null);
      const [first, last] = spec.years;
      const decimals = spec.decimals ?? 0;
      const rows: string[][] = [];
      for (let year = first; year <= last; year++) {
        for (const t of tops) {
          let value = (populationOf(t, all) * spec.ratePerThousand) / 1000;
          value *= (1 + spec.growth) ** (year - first);
          if (spec.column.unit === '%') value = Math.min(98, value / 1000 + 55);
          rows.push([String(year), t.code, t.name, value.toFixed(decimals)]);
        }
      }
      return {
        fields: [
          field('anio', 'int', 'Año', 'año'),
          field('codigo', 'text', `Código del ${level}`),
          field(level, 'text', `Nombre del ${level}`),
          field(spec.column.id, decimals ? 'numeric' : 'int', spec.column.label, spec.column.unit, spec.column.notes),
        ],
        rows,
      };
    }
    case 'monthly': {
      const rows = Array.from({ length: 12 }, (_, i) => {
        const month = i + 1;
        const value = spec.base * (1 + spec.amplitude * Math.cos((2 * Math.PI * (month - spec.peak)) / 12));
        return [`${spec.year}-${String(month).padStart(2, '0')}-01`, String(Math.round(value))];
      });
      return { fields: [field('mes', 'date', 'Mes', '', 'Primer día del mes'), field(spec.column.id, 'int', spec.column.label, spec.column.unit, spec.column.notes)], rows };
    }
  }
}
