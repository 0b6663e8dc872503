// Cartografía social (docs/social-map.md): the points a commune (any territory) keeps about itself
// on its map: services, risks and productive units, each with a subcategory from a fixed list.

/** The territory-scoped role of the people who keep a territory's social map (there and below). */
export const SOCIAL_MAPPER = 'social_mapper';
/** The scope of the JSON API (a person's token; the role decides what it may do). */
export const SOCIAL_MAP_SCOPE = 'cartography:social_map';

/** Each kind with its subcategories (their words are `cartography.social.subcategory.<code>`). */
export const SUBCATEGORIES = {
  service: ['school', 'health_post', 'water_point', 'community_kitchen', 'communal_house', 'sports_field', 'transport_stop'],
  risk: ['flood', 'landslide', 'insecurity', 'fire', 'contamination', 'collapse'],
  productive_unit: ['agriculture', 'livestock', 'textile', 'bakery', 'workshop', 'market'],
} as const;

export type SocialPointKind = keyof typeof SUBCATEGORIES;
export const KINDS = Object.keys(SUBCATEGORIES) as SocialPointKind[];

export interface SocialPoint {
  id: string;
  /** The territory the point belongs to, top level first (the last is its code). */
  territoryPath: string[];
  kind: SocialPointKind;
  subcategory: string;
  name: string;
  description: string;
  lat: number;
  lon: number;
  addedBy: string;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

/** What a form or the API sends to add or change a point (text, as typed). */
export interface SocialPointInput {
  kind?: string;
  subcategory?: string;
  name?: string;
  description?: string;
  lat?: string | number;
  lon?: string | number;
}

/** Field → message key; empty when the input is well formed (the boundary is checked apart). */
export function socialPointErrors(input: SocialPointInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const kind = String(input.kind ?? '').trim();
  if (!KINDS.includes(kind as SocialPointKind)) errors.kind = 'cartography.social.error.kind';
  else if (!(SUBCATEGORIES[kind as SocialPointKind] as readonly string[]).includes(String(input.subcategory ?? '').trim())) errors.subcategory = 'cartography.social.error.subcategory';
  const name = String(input.name ?? '').trim();
  if (name.length < 2 || name.length > 200) errors.name = 'cartography.social.error.name';
  if (String(input.description ?? '').trim().length > 2000) errors.description = 'cartography.social.error.description';
  const lat = coordinate(input.lat);
  if (lat === undefined || Math.abs(lat) > 90) errors.lat = 'cartography.social.error.lat';
  const lon = coordinate(input.lon);
  if (lon === undefined || Math.abs(lon) > 180) errors.lon = 'cartography.social.error.lon';
  return errors;
}

/** A coordinate typed with a point or a comma as the decimal mark; undefined when it is not a number. */
export function coordinate(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = String(value ?? '')
    .trim()
    .replace(',', '.');
  return /^-?\d{1,3}(\.\d{1,10})?$/.test(text) ? Number(text) : undefined;
}
