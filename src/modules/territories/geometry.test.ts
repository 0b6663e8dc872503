import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type BoundaryGeometry, bboxOf, checkBoundary, geometryContains, MAX_POINTS_PER_FEATURE, type Point } from './geometry.ts';

interface Fixture {
  features: Array<{ properties: { code: string }; geometry: BoundaryGeometry }>;
}
const fixture = (name: string): Map<string, BoundaryGeometry> => {
  const parsed = JSON.parse(readFileSync(new URL(`../../../test/fixtures/territories/${name}`, import.meta.url), 'utf8')) as Fixture;
  return new Map(parsed.features.map((f) => [f.properties.code, f.geometry]));
};
const laPaz = fixture('la-paz.geojson');
const tiles = fixture('shared-edges.geojson');
const at = (lat: number, long: number): Point => ({ lat, long });
const containing = (set: Map<string, BoundaryGeometry>, point: Point, codes = [...set.keys()]) => codes.filter((code) => geometryContains(set.get(code)!, point));
const MUNICIPALITIES = ['BO-L-01-01', 'BO-L-01-02', 'BO-L-01-05', 'BO-L-04-01'];

describe('point in polygon', () => {
  it('places interior points, whatever the orientation of the ring', () => {
    assert.deepEqual(containing(laPaz, at(-16.4, -68.0), MUNICIPALITIES), ['BO-L-01-01']);
    assert.deepEqual(containing(laPaz, at(-16.4, -68.25), MUNICIPALITIES), ['BO-L-01-02'], 'El Alto is drawn clockwise');
    assert.deepEqual(containing(laPaz, at(-14, -68), [...laPaz.keys()]), []);
  });

  it('leaves a hole out of its polygon, and the island in the hole contains the point', () => {
    assert.deepEqual(containing(laPaz, at(-16.55, -68.05), MUNICIPALITIES), ['BO-L-01-05']);
    assert.equal(geometryContains(laPaz.get('BO-L-01')!, at(-16.55, -68.05)), true, 'the province around them has no hole');
  });

  it('finds a point in either polygon of a multipolygon', () => {
    assert.deepEqual(containing(laPaz, at(-16.1, -69.2), MUNICIPALITIES), ['BO-L-04-01']);
    assert.deepEqual(containing(laPaz, at(-16.1, -68.9), MUNICIPALITIES), ['BO-L-04-01']);
    assert.deepEqual(containing(laPaz, at(-16.1, -69.05), MUNICIPALITIES), [], 'not between the two polygons');
    assert.equal(geometryContains(laPaz.get('BO-L')!, at(-16.1, -69.2)), true);
  });

  it('gives a point on a shared north–south edge to the territory east of it', () => {
    assert.deepEqual(containing(laPaz, at(-16.4, -68.15), MUNICIPALITIES), ['BO-L-01-01']);
    // On the west edge of the hole: east of it is Achocalla, so La Paz does not contain it.
    assert.deepEqual(containing(laPaz, at(-16.55, -68.1), MUNICIPALITIES), ['BO-L-01-05']);
    // On the east edge of the hole: east of it is La Paz again.
    assert.deepEqual(containing(laPaz, at(-16.55, -68.0), MUNICIPALITIES), ['BO-L-01-01']);
  });

  it('gives a point on a shared east–west edge to the territory north of it', () => {
    assert.deepEqual(containing(laPaz, at(-16.6, -68.05), MUNICIPALITIES), ['BO-L-01-05'], 'south edge of the hole: the island is north');
    assert.deepEqual(containing(laPaz, at(-16.5, -68.05), MUNICIPALITIES), ['BO-L-01-01'], 'north edge of the hole: La Paz is north');
    assert.deepEqual(containing(laPaz, at(-16.3, -68.0), MUNICIPALITIES), [], 'the north edge of La Paz belongs to what lies north');
    assert.deepEqual(containing(laPaz, at(-16.7, -68.0), MUNICIPALITIES), ['BO-L-01-01'], 'its south edge is its own');
  });

  it('gives a shared vertex to exactly one territory (the one north-east of it)', () => {
    assert.deepEqual(containing(laPaz, at(-16.7, -68.15), MUNICIPALITIES), ['BO-L-01-01']);
    assert.deepEqual(containing(laPaz, at(-16.3, -68.15), MUNICIPALITIES), []);
    assert.deepEqual(containing(laPaz, at(-16.6, -68.1), MUNICIPALITIES), ['BO-L-01-05'], 'south-west corner of the hole');
    assert.deepEqual(containing(tiles, at(-16.4, -68.1)), [], 'the north-east corner of the tiles');
    assert.deepEqual(containing(tiles, at(-16.7, -68.1)), ['east']);
    assert.deepEqual(containing(tiles, at(-16.7, -68.3)), ['south']);
  });

  it('places every point of a tiled area, on edges and vertices included, in exactly one tile', () => {
    // Points on the slanted shared edge are computed in floating point, so neither tile is
    // favoured by exact arithmetic: the canonical edge order must still give one answer.
    let checked = 0;
    for (let i = 0; i <= 200; i++) {
      const f = i / 200;
      const onDiagonal = at(-16.7 + f * 0.3, -68.3 + f * 0.2);
      const onGrid = at(-16.7 + (i % 7) * 0.05, -68.3 + Math.floor(i / 7) * (0.6 / 28));
      for (const point of [onDiagonal, onGrid]) {
        const inside = point.lat < -16.4 && point.long < -67.9;
        assert.equal(containing(tiles, point).length, inside ? 1 : 0, `${point.lat}, ${point.long}`);
        checked += 1;
      }
    }
    assert.equal(checked, 402);
  });
});

describe('boundary validation', () => {
  it('accepts polygons and multipolygons and gives their bounding box', () => {
    const checked = checkBoundary(laPaz.get('BO-L'));
    assert.ok('geometry' in checked);
    assert.deepEqual(bboxOf(checked.geometry), { minLon: -69.3, minLat: -17, maxLon: -67, maxLat: -15 });
  });

  it('names what is wrong and where', () => {
    const problems = (value: unknown) => ('problems' in checkBoundary(value) ? (checkBoundary(value) as { problems: unknown[] }).problems : []);
    assert.deepEqual(problems({ type: 'LineString', coordinates: [] }), [{ pointer: '/type', problem: 'type' }]);
    assert.deepEqual(
      problems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
      [{ pointer: '/coordinates/0', problem: 'ring_open' }],
    );
    assert.deepEqual(
      problems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
      [{ pointer: '/coordinates/0', problem: 'ring_short' }],
    );
    assert.deepEqual(
      problems({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
          [
            [
              [0, 0],
              [200, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      }),
      [{ pointer: '/coordinates/1/0/1', problem: 'position' }],
    );
    assert.deepEqual(
      problems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      }),
      [{ pointer: '/coordinates/0', problem: 'self_intersection' }],
    );
    const many = Array.from({ length: MAX_POINTS_PER_FEATURE + 1 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    assert.deepEqual(problems({ type: 'Polygon', coordinates: [many] }), [{ pointer: '/coordinates', problem: 'too_many_points', max: MAX_POINTS_PER_FEATURE }]);
  });

  it('keeps longitude and latitude only', () => {
    const checked = checkBoundary({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0, 5],
          [1, 0, 5],
          [1, 1, 5],
          [0, 0, 5],
        ],
      ],
    });
    assert.ok('geometry' in checked);
    assert.deepEqual(checked.geometry.coordinates, [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ]);
  });
});
