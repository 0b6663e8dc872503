// The territorial tree of each country as seed data for demos (a sample, not the full
// official list). The data lives in territories-bo.json and territories-ve.json.
//
// Codes are stable, hierarchical and ASCII: the top level is the ISO 3166-2 code (BO-L,
// VE-A); each level below appends a two-digit suffix (BO-L-01 a province, BO-L-01-01 a
// municipality). The suffixes are Tambo's own numbering, not INE codes: a new unit takes
// the next free number and existing codes are never renumbered. Units marked `demo` (the
// Venezuelan comunas and consejos comunales) are fictional.
import boData from './territories-bo.json' with { type: 'json' };
import veData from './territories-ve.json' with { type: 'json' };

export interface TerritorySeed {
  code: string;
  name: string;
  /** A `TerritoryLevel.key` of the country's profile. */
  level: string;
  /** Code of the unit one level up; null at the top level. */
  parent: string | null;
  /** The municipality is the capital of its department or state. */
  capital?: boolean;
  /** Fictional unit for demos only. */
  demo?: boolean;
}

const data: Record<'bo' | 've', readonly TerritorySeed[]> = { bo: boData, ve: veData };

/** The seed territories of a country, parents before children; a fresh copy each call. */
export function territoriesFor(code: 'bo' | 've'): TerritorySeed[] {
  return data[code].map((territory) => ({ ...territory }));
}
