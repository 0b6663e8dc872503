// Maps drawn on the server (no tile server): boundaries projected to SVG path data, pure.
// Equirectangular projection fitted to the bounding box of what is drawn (longitude scaled by
// the cosine of the middle latitude, so shapes keep their proportions), coordinates rounded to
// a tenth of a unit and simplified (Douglas–Peucker, half a unit), so a map stays a few kB.
import { type BBox, type BoundaryGeometry, bboxOf, polygonsOf, unionBBox } from './geometry.ts';

export interface MapShapeInput {
  code: string;
  label: string;
  geometry: BoundaryGeometry;
  /** The frame (the territory itself, drawn under its children) or a part of it. */
  role: 'frame' | 'part';
  href?: string;
}

export interface MapShape {
  code: string;
  label: string;
  role: 'frame' | 'part';
  href?: string;
  /** SVG path data, rings closed with Z (draw with fill-rule="evenodd" for holes). */
  d: string;
}

export interface ProjectedMap {
  width: number;
  height: number;
  shapes: MapShape[];
  /** The projection used, so that points can be drawn on the same map (`projectPoint`). */
  frame?: MapFrame;
}

/** An equirectangular projection fitted to a box: x = margin + (lon − minLon)·k·scale, y = margin + (maxLat − lat)·scale. */
export interface MapFrame {
  minLon: number;
  maxLat: number;
  k: number;
  scale: number;
  margin: number;
}

/** A point (longitude, latitude) on a projected map; undefined when the map has no frame or the point falls outside it. */
export function projectPoint(map: Pick<ProjectedMap, 'width' | 'height' | 'frame'>, lon: number, lat: number): { x: number; y: number } | undefined {
  const f = map.frame;
  if (!f) return undefined;
  const x = round(f.margin + (lon - f.minLon) * f.k * f.scale);
  const y = round(f.margin + (f.maxLat - lat) * f.scale);
  return x < 0 || y < 0 || x > map.width || y > map.height ? undefined : { x, y };
}

type XY = [number, number];

/** Perpendicular distance from p to the segment ab. */
function distance(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker on an open polyline (iterative: no recursion depth on long rings). */
export function simplify(points: XY[], tolerance: number): XY[] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let max = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = distance(points[i]!, points[first]!, points[last]!);
      if (d > max) {
        max = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Projects the shapes into a `width`-wide frame (height from the box's proportions) with a margin. */
export function projectMap(inputs: MapShapeInput[], width = 640, margin = 8): ProjectedMap | undefined {
  const box: BBox | undefined = unionBBox(inputs.map((s) => bboxOf(s.geometry)));
  if (!box) return undefined;
  const k = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((box.maxLon - box.minLon) * k, 1e-9);
  const spanY = Math.max(box.maxLat - box.minLat, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const height = Math.max(40, Math.round(spanY * scale + 2 * margin));
  const project = ([lon, lat]: [number, number]): XY => [round(margin + (lon - box.minLon) * k * scale), round(margin + (box.maxLat - lat) * scale)];
  const shapes = inputs.map((input): MapShape => {
    const rings: string[] = [];
    for (const polygon of polygonsOf(input.geometry)) {
      for (const ring of polygon) {
        const projected = simplify(ring.map(project), 0.5).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);
        if (projected.length < 4) continue; // collapsed below half a unit: invisible at this scale
        rings.push(
          `M${projected
            .slice(0, -1)
            .map((p) => `${p[0]} ${p[1]}`)
            .join('L')}Z`,
        );
      }
    }
    return { code: input.code, label: input.label, role: input.role, ...(input.href ? { href: input.href } : {}), d: rings.join('') };
  });
  return { width, height, shapes: shapes.filter((s) => s.d !== ''), frame: { minLon: box.minLon, maxLat: box.maxLat, k, scale, margin } };
}
