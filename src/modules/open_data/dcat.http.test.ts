// DCAT-AP 3: the whole paged catalog (Turtle and JSON-LD) conforms to the official DCAT-AP
// 3.0.1 SHACL shapes, the full set (test/fixtures/dcat-ap-3.0.1/dcat-ap-shapes-full.ttl),
// validated with rdf-validate-shacl; modified_since and the per-dataset documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import jsonld from 'jsonld';
import { Parser, type Quad, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { TestApp } from '../../../test/helpers/app.ts';
import { saveDataset } from './catalog.service.ts';
import { findOrganization } from './catalog.queries.ts';
import { openDataTestApp } from './open-data.test-helpers.ts';

const SHAPES = readFileSync(new URL('../../../test/fixtures/dcat-ap-3.0.1/dcat-ap-shapes-full.ttl', import.meta.url), 'utf8');
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

let t: TestApp;
let extra = 0;
before(async () => {
  t = await openDataTestApp();
  // Enough datasets for a second page (100 a page).
  const org = await findOrganization(t.app.tambo.deps.db, 'segip');
  const deps = t.app.tambo.deps;
  const total = Number((await t.app.inject({ url: '/api/3/action/package_search?rows=0' }).then((r) => JSON.parse(r.body))).result.count);
  extra = Math.max(0, 105 - total);
  for (let i = 0; i < extra; i++) {
    await saveDataset(
      deps,
      {
        name: `serie-${String(i).padStart(3, '0')}`,
        title: `Serie de prueba ${i}`,
        notes: 'Un conjunto de datos para la paginación.',
        organizationId: org!.id,
        licenseId: 'cc-by',
        tags: ['prueba'],
        themes: ['gobierno'],
        temporalStart: null,
        temporalEnd: null,
        spatial: null,
        frequency: 'IRREG',
        contactName: 'SEGIP',
        contactEmail: 'datos@segip.gob.bo',
        provenance: '',
        source: 'agency',
        sourceKey: null,
      },
      [
        {
          name: 'Enlace',
          description: '',
          format: 'PDF',
          mimetype: 'application/pdf',
          fileSha256: null,
          url: `https://segip.gob.bo/docs/${i}.pdf`,
          size: null,
          dictionary: [],
          datastoreTable: null,
          datastoreRows: null,
        },
      ],
      { type: 'system' },
    );
  }
});
after(async () => t.close());

const parseTurtle = (text: string): Quad[] => new Parser().parse(text);
const validator = new SHACLValidator(new Store(parseTurtle(SHAPES)));

const toNQuads = async (document: string): Promise<string> => String(await jsonld.toRDF(JSON.parse(document), { format: 'application/n-quads' }));

async function conforms(quads: Quad[]): Promise<void> {
  const report = await validator.validate(new Store(quads));
  const problems = report.results.slice(0, 10).map((r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join('; ')}`);
  assert.equal(report.conforms, true, problems.join('\n'));
}

/** Every page, following hydra:nextPage from the first. */
async function pages(format: 'ttl' | 'jsonld', query = ''): Promise<Quad[][]> {
  const out: Quad[][] = [];
  let url: string | undefined = `/catalog.${format}${query}`;
  while (url && out.length < 10) {
    const response: { statusCode: number; body: string } = await t.app.inject({ url });
    assert.equal(response.statusCode, 200, response.body);
    const quads = format === 'ttl' ? parseTurtle(response.body) : parseTurtle(await toNQuads(response.body));
    out.push(quads);
    const next = quads.find((q) => q.predicate.value === `${HYDRA}nextPage`)?.object.value;
    url = next ? next.slice(new URL(next).origin.length) : undefined;
  }
  return out;
}

const datasetsOf = (quads: Quad[]) => quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`).map((q) => q.subject.value);

describe('DCAT-AP 3 catalog', () => {
  it('conforms to the full DCAT-AP 3.0.1 shapes, every page, in Turtle and JSON-LD', async () => {
    const count = JSON.parse((await t.app.inject({ url: '/api/3/action/package_search?rows=0' })).body).result.count;
    for (const format of ['ttl', 'jsonld'] as const) {
      const all = await pages(format);
      assert.equal(all.length, 2, 'two pages of 100');
      const names = all.flatMap(datasetsOf);
      assert.equal(names.length, count);
      assert.equal(new Set(names).size, count, 'each dataset on one page only');
      for (const quads of all) await conforms(quads);
    }
  });

  it('keeps the datasets modified since an instant, and refuses a bad one', async () => {
    const future = await pages('ttl', '?modified_since=2999-01-01');
    assert.equal(datasetsOf(future[0]!).length, 0);
    const since = await pages('ttl', '?modified_since=2000-01-01T00:00:00Z');
    assert.ok(datasetsOf(since[0]!).length === 100);
    assert.equal((await t.app.inject({ url: '/catalog.ttl?modified_since=ayer', headers: { accept: 'application/json' } })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/catalog.ttl?page=0', headers: { accept: 'application/json' } })).statusCode, 400);
  });

  it('describes one dataset in Turtle, JSON-LD and RDF/XML, with its publisher as foaf:Agent', async () => {
    const ttl = await t.app.inject({ url: '/dataset/cedulas-emitidas.ttl' });
    assert.equal(ttl.statusCode, 200);
    assert.match(ttl.headers['content-type'] as string, /^text\/turtle/);
    const quads = parseTurtle(ttl.body);
    await conforms(quads);
    // The shapes do catch a publisher that is not typed foaf:Agent.
    const untyped = quads.filter((q) => !(q.predicate.value === RDF_TYPE && q.object.value === 'http://xmlns.com/foaf/0.1/Agent'));
    assert.equal((await validator.validate(new Store(untyped))).conforms, false);
    const publisher = quads.find((q) => q.predicate.value === 'http://purl.org/dc/terms/publisher')!.object.value;
    assert.ok(quads.some((q) => q.subject.value === publisher && q.predicate.value === RDF_TYPE && q.object.value === 'http://xmlns.com/foaf/0.1/Agent'));
    const ld = await t.app.inject({ url: '/dataset/cedulas-emitidas.jsonld' });
    assert.match(ld.headers['content-type'] as string, /^application\/ld\+json/);
    const fromLd = parseTurtle(await toNQuads(ld.body));
    assert.equal(fromLd.length, quads.length);
    const xml = await t.app.inject({ url: '/dataset/cedulas-emitidas.rdf' });
    assert.match(xml.headers['content-type'] as string, /^application\/rdf\+xml/);
    assert.match(xml.body, /<rdf:Description rdf:about="[^"]+\/dataset\/cedulas-emitidas">/);
    assert.match(xml.body, /<dcat:distribution rdf:resource="/);
    assert.equal((await t.app.inject({ url: '/dataset/no-existe.ttl', headers: { accept: 'application/json' } })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/dataset/cedulas-emitidas.csv', headers: { accept: 'application/json' } })).statusCode, 404);
  });
});
