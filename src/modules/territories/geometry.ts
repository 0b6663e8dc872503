// Plane geometry on GeoJSON positions ([longitude, latitude]), pure: validation of polygons,
// bounding boxes, and the exact point-in-polygon test that follows the SQL bounding-box prefilter.
//
// The rule for points on a boundary (docs/territories.md): a point belongs to a polygon when the
// points immediately east of it are inside it, and, on an east–west edge, the points immediately
// north of it. Two territories that share an edge (or a vertex) therefore never both contain a
// point on it, and a tiling of the plane places every point in exactly one tile. The crossing
// test below implements it: a ray cast towards the east counts an edge when the point's latitude
// is in the edge's half-open span [lower, upper) and the edge lies strictly east of the point.
// Each edge is evaluated with its endpoints in one canonical order, so the two territories that
// share it compute bit-identical answers.

export type Position = [number, number];
/** Rings of positions; the first is the outer ring, the others holes. Each ring closed (first = last). */
export type PolygonCoordinates = Position[][];

export type BoundaryGeometry = { type: 'Polygon'; coordinates: PolygonCoordinates } | { type: 'MultiPolygon'; coordinates: PolygonCoordinates[] };

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Point {
  lat: number;
  long: number;
}

/** Every polygon of the geometry (a Polygon is a one-polygon MultiPolygon). */
export function polygonsOf(geometry: BoundaryGeometry): PolygonCoordinates[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Crossings of an eastward ray from (x, y) with one ring's edges, by the half-open rule. */
function crossings(ring: Position[], x: number, y: number): number {
  let count = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    // Canonical order: the lower endpoint first (ties by longitude), whichever way the ring runs.
    const [low, high] = a[1] < b[1] || (a[1] === b[1] && a[0] <= b[0]) ? [a, b] : [b, a];
    if (!(low[1] <= y && y < high[1])) continue;
    // Strictly east: x < the edge's longitude at y, without dividing (high[1] > low[1] here).
    if ((x - low[0]) * (high[1] - low[1]) < (y - low[1]) * (high[0] - low[0])) count += 1;
  }
  return count;
}

/** Whether one polygon (outer ring and holes) contains the point, by the even–odd rule. */
export function polygonContains(polygon: PolygonCoordinates, point: Point): boolean {
  let count = 0;
  for (const ring of polygon) count += crossings(ring, point.long, point.lat);
  return count % 2 === 1;
}

/** Whether a Polygon or MultiPolygon contains the point (boundary points by the rule above). */
export function geometryContains(geometry: BoundaryGeometry, point: Point): boolean {
  return polygonsOf(geometry).some((polygon) => polygonContains(polygon, point));
}

export function bboxOf(geometry: BoundaryGeometry): BBox {
  const box: BBox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of polygonsOf(geometry)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < box.minLon) box.minLon = lon;
      if (lon > box.maxLon) box.maxLon = lon;
      if (lat < box.minLat) box.minLat = lat;
      if (lat > box.maxLat) box.maxLat = lat;
    }
  }
  return box;
}

export function unionBBox(boxes: BBox[]): BBox | undefined {
  if (boxes.length === 0) return undefined;
  return {
    minLon: Math.min(...boxes.map((b) => b.minLon)),
    minLat: Math.min(...boxes.map((b) => b.minLat)),
    maxLon: Math.max(...boxes.map((b) => b.maxLon)),
    maxLat: Math.max(...boxes.map((b) => b.maxLat)),
  };
}

/** What is wrong with a geometry, as a JSON pointer below the geometry and a message key suffix. */
export interface GeometryProblem {
  /** Below the geometry: `/coordinates/0/2`. */
  pointer: string;
  problem: 'type' | 'ring_open' | 'ring_short' | 'position' | 'self_intersection' | 'too_many_points';
  /** The limit for `too_many_points`. */
  max?: number;
}

export const MAX_POINTS_PER_FEATURE = 20_000;

const isPosition = (value: unknown): value is Position =>
  Array.isArray(value) &&
  (value.length === 2 || value.length === 3) &&
  value.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
  Math.abs(value[0] as number) <= 180 &&
  Math.abs(value[1] as number) <= 90;

/** Proper crossing of segments p1p2 and q1q2 (touching at endpoints does not count). */
function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const orient = (a: Position, b: Position, c: Position) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** A ring crossing itself (checked up to 2,000 edges; larger rings are trusted). */
function selfIntersects(ring: Position[]): boolean {
  const n = ring.length - 1;
  if (n > 2000) return false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // neighbours through the closing vertex
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return true;
    }
  }
  return false;
}

function ringProblems(ring: unknown, pointer: string): GeometryProblem[] {
  if (!Array.isArray(ring)) return [{ pointer, problem: 'type' }];
  const bad = ring.findIndex((position) => !isPosition(position));
  if (bad >= 0) return [{ pointer: `${pointer}/${bad}`, problem: 'position' }];
  const positions = ring as Position[];
  if (positions.length < 4) return [{ pointer, problem: 'ring_short' }];
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return [{ pointer, problem: 'ring_open' }];
  if (selfIntersects(positions)) return [{ pointer, problem: 'self_intersection' }];
  return [];
}

function polygonProblems(polygon: unknown, pointer: string): GeometryProblem[] {
  if (!Array.isArray(polygon) || polygon.length === 0) return [{ pointer, problem: 'type' }];
  return polygon.flatMap((ring, index) => ringProblems(ring, `${pointer}/${index}`));
}

/**
 * Checks a GeoJSON geometry that should be a territory's boundary: a Polygon or MultiPolygon of
 * closed rings of at least four valid positions that do not cross themselves, at most
 * `MAX_POINTS_PER_FEATURE` positions in all. Returns the geometry (positions cut to [lon, lat])
 * or every problem found.
 */
export function checkBoundary(value: unknown): { geometry: BoundaryGeometry } | { problems: GeometryProblem[] } {
  const geometry = value as { type?: unknown; coordinates?: unknown } | null;
  if (!geometry || typeof geometry !== 'object' || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') || !Array.isArray(geometry.coordinates)) {
    return { problems: [{ pointer: '/type', problem: 'type' }] };
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const total = polygons.reduce(
    (sum: number, polygon: unknown) => sum + (Array.isArray(polygon) ? polygon.reduce((s: number, ring: unknown) => s + (Array.isArray(ring) ? ring.length : 0), 0) : 0),
    0,
  );
  if (total > MAX_POINTS_PER_FEATURE) return { problems: [{ pointer: '/coordinates', problem: 'too_many_points', max: MAX_POINTS_PER_FEATURE }] };
  if (geometry.type === 'MultiPolygon' && polygons.length === 0) return { problems: [{ pointer: '/coordinates', problem: 'type' }] };
  const problems =
    geometry.type === 'Polygon' ? polygonProblems(geometry.coordinates, '/coordinates') : polygons.flatMap((polygon: unknown, index: number) => polygonProblems(polygon, `/coordinates/${index}`));
  if (problems.length > 0) return { problems };
  const cut = (polygon: Position[][]) => polygon.map((ring) => ring.map(([lon, lat]) => [lon, lat] as Position));
  return {
    geometry:
      geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: cut(geometry.coordinates as Position[][]) }
        : { type: 'MultiPolygon', coordinates: (geometry.coordinates as Position[][][]).map(cut) },
  };
}
