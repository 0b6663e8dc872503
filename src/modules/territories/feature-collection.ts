// Reading an imported GeoJSON FeatureCollection (boundaries of territories, features of a
// layer), pure: every problem is collected with a JSON pointer into the document and a
// message naming the feature, so one answer lists them all.
import type { FieldError } from '../../platform/errors.ts';
import { type BBox, type BoundaryGeometry, bboxOf, checkBoundary } from './geometry.ts';
import type { Names } from './territory.types.ts';

export const MAX_FEATURES = 2000;

export interface ImportedFeature {
  /** Position in `features`, for messages. */
  index: number;
  code: string;
  name: Names | null;
  geometry: BoundaryGeometry;
  bbox: BBox;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `{ es, en }`, or one string for both languages; undefined when neither. */
export function readNames(value: unknown): Names | undefined {
  if (typeof value === 'string' && value.trim() && value.length <= 200) return { es: value.trim(), en: value.trim() };
  if (!value || typeof value !== 'object') return undefined;
  const { es, en } = value as { es?: unknown; en?: unknown };
  if (typeof es !== 'string' || !es.trim() || es.length > 200) return undefined;
  if (en !== undefined && (typeof en !== 'string' || en.length > 200)) return undefined;
  return { es: es.trim(), en: (typeof en === 'string' && en.trim()) || es.trim() };
}

/**
 * The features of a FeatureCollection whose features carry `properties.code` and a Polygon or
 * MultiPolygon geometry; with `names`, each also needs `properties.name` (`{ es, en }` or a string).
 */
export interface ReadCollection {
  /** The features that are sound (all of them when `fields` is empty). */
  features: ImportedFeature[];
  /** Every well-formed code, with its feature's position (to check codes against the registry). */
  codes: Array<{ index: number; code: string }>;
  fields: FieldError[];
}

export function readFeatureCollection(value: unknown, options: { names: boolean }): ReadCollection {
  const none = (fields: FieldError[]): ReadCollection => ({ features: [], codes: [], fields });
  const collection = value as { type?: unknown; features?: unknown } | null;
  if (!collection || typeof collection !== 'object' || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return none([{ field: '/type', messageKey: 'territories.import.errors.collection' }]);
  }
  if (collection.features.length === 0) return none([{ field: '/features', messageKey: 'territories.import.errors.empty' }]);
  if (collection.features.length > MAX_FEATURES) return none([{ field: '/features', messageKey: 'territories.import.errors.tooManyFeatures', params: { max: MAX_FEATURES } }]);
  const fields: FieldError[] = [];
  const features: ImportedFeature[] = [];
  const codes: Array<{ index: number; code: string }> = [];
  const seen = new Map<string, number>();
  collection.features.forEach((raw: unknown, index: number) => {
    const at = `/features/${index}`;
    const feature = raw as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown } | null;
    const position = index + 1;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      fields.push({ field: at, messageKey: 'territories.import.errors.feature', params: { feature: position } });
      return;
    }
    const code = feature.properties?.code;
    if (typeof code !== 'string' || !CODE.test(code)) {
      fields.push({ field: `${at}/properties/code`, messageKey: 'territories.import.errors.code', params: { feature: position } });
      return;
    }
    const label = { feature: position, code };
    codes.push({ index, code });
    if (seen.has(code)) fields.push({ field: `${at}/properties/code`, messageKey: 'territories.import.errors.duplicate', params: { ...label, other: seen.get(code)! + 1 } });
    seen.set(code, index);
    const name = options.names ? readNames(feature.properties?.name) : undefined;
    if (options.names && !name) fields.push({ field: `${at}/properties/name`, messageKey: 'territories.import.errors.name', params: label });
    const checked = checkBoundary(feature.geometry);
    if ('problems' in checked) {
      for (const problem of checked.problems) {
        fields.push({
          field: `${at}/geometry${problem.pointer}`,
          messageKey: `territories.import.errors.geometry.${problem.problem}`,
          params: problem.max === undefined ? label : { ...label, max: problem.max },
        });
      }
      return;
    }
    features.push({ index, code, name: name ?? null, geometry: checked.geometry, bbox: bboxOf(checked.geometry) });
  });
  return { features, codes, fields };
}

/** Problems in the order of the features they concern (then the document's own). */
export function byFeature(fields: FieldError[]): FieldError[] {
  const position = (f: FieldError) => Number(/^\/features\/(\d+)/.exec(f.field)?.[1] ?? -1);
  return [...fields].sort((a, b) => position(a) - position(b));
}
