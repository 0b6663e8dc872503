import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';

for (const country of ['bo', 've'] as const) {
  describe(`territories API (${country})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ demo: true, env: { COUNTRY: country } });
    });
    after(async () => t.close());

    it('lists the top level of the country profile', async () => {
      const response = await t.app.inject({ url: '/api/v1/territories' });
      assert.equal(response.statusCode, 200);
      const { items } = response.json() as { items: Array<{ code: string; level: string; parentCode: string | null }> };
      const topLevel = t.app.tambo.deps.country.territoryLevels[0]!.key;
      assert.equal(items.length, country === 'bo' ? 9 : 25);
      assert.ok(items.every((item) => item.level === topLevel && item.parentCode === null));
    });

    it('gives a unit with its ancestors and children', async () => {
      const code = country === 'bo' ? 'BO-L-01-02' : 'VE-A-01';
      const response = await t.app.inject({ url: `/api/v1/territories/${code}` });
      assert.equal(response.statusCode, 200);
      const body = response.json() as { territory: { name: string }; ancestors: Array<{ code: string }>; children: unknown[] };
      if (country === 'bo') {
        assert.equal(body.territory.name, 'El Alto');
        assert.deepEqual(
          body.ancestors.map((a) => a.code),
          ['BO-L', 'BO-L-01'],
        );
      } else {
        assert.equal(body.territory.name, 'Libertador');
        assert.deepEqual(
          body.ancestors.map((a) => a.code),
          ['VE-A'],
        );
        assert.ok(body.children.length >= 10, 'Libertador has its parroquias');
      }
    });

    it('answers an unknown code with a problem naming the code', async () => {
      const response = await t.app.inject({ url: '/api/v1/territories/XX-99', headers: { 'accept-language': 'en' } });
      assert.equal(response.statusCode, 404);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = response.json() as { code: string; title: string };
      assert.equal(problem.code, 'TERRITORY_NOT_FOUND');
      assert.match(problem.title, /XX-99/);
    });

    it('answers an unknown parent, and a point looked up in an unknown layer, with 404 and the code', async () => {
      const children = await t.app.inject({ url: '/api/v1/territories?parent=XX-99' });
      assert.deepEqual([children.statusCode, (children.json() as { code: string }).code], [404, 'TERRITORY_NOT_FOUND']);
      const layer = await t.app.inject({ url: '/api/v1/territories/layers/no-such-layer/locate?lat=-16.5&long=-68.15' });
      assert.deepEqual([layer.statusCode, (layer.json() as { code: string }).code], [404, 'TERRITORY_LAYER_NOT_FOUND']);
    });
  });
}
