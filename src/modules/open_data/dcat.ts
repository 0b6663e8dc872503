// DCAT-AP 3.0.1 descriptions of the catalog and its datasets, as RDF quads (n3), written as
// Turtle, JSON-LD or RDF/XML. Every node a shape names by class is typed (publishers as
// foaf:Agent, themes as skos:Concept, licences as dct:LicenseDocument…), so the output
// conforms to the full SHACL shapes (test/fixtures/dcat-ap-3.0.1). Paging follows
// ckanext-dcat: a hydra:PagedCollection with the total and the neighbouring pages.
import { DataFactory, type Quad, type Quad_Object, type Quad_Subject, Writer } from 'n3';
import { LICENSE_BY_ID, type Dataset, type Theme } from './open-data.types.ts';
import { downloadPath } from './ckan.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const PREFIXES: Record<string, string> = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  adms: 'http://www.w3.org/ns/adms#',
};
const ns = (prefix: keyof typeof PREFIXES) => (local: string) => namedNode(`${PREFIXES[prefix]}${local}`);
const dcat = ns('dcat');
const dct = ns('dct');
const foaf = ns('foaf');
const vcard = ns('vcard');
const skos = ns('skos');
const rdf = ns('rdf');
const rdfs = ns('rdfs');
const xsd = ns('xsd');
const hydra = ns('hydra');
const EU = 'http://publications.europa.eu/resource/authority/';

export interface CatalogPage {
  base: string;
  title: string;
  description: string;
  countryName: string;
  datasets: Dataset[];
  themes: Map<string, Theme>;
  page?: { number: number; size: number; total: number; url: (page: number) => string };
}

class Graph {
  readonly quads: Quad[] = [];
  private readonly typed = new Set<string>();
  add(s: Quad_Subject, p: string | ReturnType<typeof namedNode>, o: Quad_Object): void {
    this.quads.push(quad(s, typeof p === 'string' ? namedNode(p) : p, o));
  }
  /** Types a node once (and labels it), whoever names it first. */
  node(iri: string, types: Array<ReturnType<typeof namedNode>>, extra: (s: ReturnType<typeof namedNode>) => void = () => undefined): ReturnType<typeof namedNode> {
    const s = namedNode(iri);
    if (!this.typed.has(iri)) {
      this.typed.add(iri);
      for (const type of types) this.add(s, rdf('type'), type);
      extra(s);
    }
    return s;
  }
}

const es = (text: string) => literal(text, 'es');
const dateTime = (date: Date) => literal(date.toISOString(), xsd('dateTime'));
const MEDIA_TYPES: Record<string, string> = {
  CSV: 'text/csv',
  JSON: 'application/json',
  GEOJSON: 'application/geo+json',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  PDF: 'application/pdf',
};
const FORMATS: Record<string, string> = { CSV: 'CSV', JSON: 'JSON', GEOJSON: 'GEOJSON', XLSX: 'XLSX', PDF: 'PDF' };

function publisher(g: Graph, base: string, org: Dataset['organization']) {
  return g.node(`${base}/organization/${org.name}`, [foaf('Agent'), foaf('Organization')], (s) => {
    g.add(s, foaf('name'), es(org.title));
  });
}

function addDataset(g: Graph, base: string, d: Dataset, themes: Map<string, Theme>): ReturnType<typeof namedNode> {
  const s = namedNode(`${base}/dataset/${d.name}`);
  g.add(s, rdf('type'), dcat('Dataset'));
  g.add(s, dct('identifier'), literal(d.id));
  g.add(s, dct('title'), es(d.title));
  g.add(s, dct('description'), es(d.notes || d.title));
  g.add(s, dct('issued'), dateTime(d.metadataCreated));
  g.add(s, dct('modified'), dateTime(d.metadataModified));
  g.add(s, dcat('version'), literal(d.version));
  g.add(s, dct('publisher'), publisher(g, base, d.organization));
  const landing = g.node(`${base}/datos/${d.name}`, [foaf('Document')]);
  g.add(s, dcat('landingPage'), landing);
  for (const tag of d.tags) g.add(s, dcat('keyword'), es(tag));
  for (const name of d.themes) {
    const theme = themes.get(name);
    if (!theme) continue;
    g.add(
      s,
      dcat('theme'),
      g.node(`${EU}data-theme/${theme.euTheme}`, [skos('Concept')], (c) => {
        g.add(c, skos('prefLabel'), literal(theme.euTheme));
        g.add(c, skos('inScheme'), namedNode(`${EU}data-theme`));
      }),
    );
  }
  g.add(s, dct('language'), g.node(`${EU}language/SPA`, [dct('LinguisticSystem')]));
  g.add(s, dct('accrualPeriodicity'), g.node(`${EU}frequency/${d.frequency}`, [dct('Frequency')]));
  const contact = blankNode();
  g.add(s, dcat('contactPoint'), contact);
  g.add(contact, rdf('type'), vcard('Kind'));
  g.add(contact, rdf('type'), vcard('Organization'));
  g.add(contact, vcard('fn'), literal(d.contactName));
  g.add(contact, vcard('hasEmail'), namedNode(`mailto:${d.contactEmail}`));
  if (d.temporalStart || d.temporalEnd) {
    const period = blankNode();
    g.add(s, dct('temporal'), period);
    g.add(period, rdf('type'), dct('PeriodOfTime'));
    if (d.temporalStart) g.add(period, dcat('startDate'), literal(d.temporalStart, xsd('date')));
    if (d.temporalEnd) g.add(period, dcat('endDate'), literal(d.temporalEnd, xsd('date')));
  }
  if (d.spatial)
    g.add(
      s,
      dct('spatial'),
      g.node(`${base}/territorio/${d.spatial}`, [dct('Location')], (l) => g.add(l, rdfs('label'), literal(d.spatial!))),
    );
  if (d.provenance) {
    const provenance = blankNode();
    g.add(s, dct('provenance'), provenance);
    g.add(provenance, rdf('type'), dct('ProvenanceStatement'));
    g.add(provenance, rdfs('label'), es(d.provenance));
  }
  const license = LICENSE_BY_ID.get(d.licenseId);
  for (const r of d.resources) {
    const dist = namedNode(`${base}/dataset/${d.name}/resource/${r.id}`);
    g.add(s, dcat('distribution'), dist);
    g.add(dist, rdf('type'), dcat('Distribution'));
    g.add(dist, dct('title'), es(r.name));
    if (r.description) g.add(dist, dct('description'), es(r.description));
    const url = r.url ?? `${base}${downloadPath(d, r)}`;
    g.add(dist, dcat('accessURL'), namedNode(url));
    if (r.fileSha256) g.add(dist, dcat('downloadURL'), namedNode(url));
    g.add(dist, dct('modified'), dateTime(r.lastModified));
    const format = FORMATS[r.format.toUpperCase()];
    if (format) g.add(dist, dct('format'), g.node(`${EU}file-type/${format}`, [dct('MediaTypeOrExtent')]));
    const media = r.mimetype ?? MEDIA_TYPES[r.format.toUpperCase()];
    if (media) g.add(dist, dcat('mediaType'), g.node(`https://www.iana.org/assignments/media-types/${media}`, [dct('MediaType')]));
    if (r.size !== null) g.add(dist, dcat('byteSize'), literal(String(r.size), xsd('nonNegativeInteger')));
    if (license) {
      g.add(
        dist,
        dct('license'),
        g.node(license.url || `${base}/api/3/action/license_list#${license.id}`, [dct('LicenseDocument')], (l) => g.add(l, rdfs('label'), literal(license.title))),
      );
    }
  }
  return s;
}

export function catalogGraph(page: CatalogPage): Quad[] {
  const g = new Graph();
  const catalog = namedNode(`${page.base}/catalog`);
  g.add(catalog, rdf('type'), dcat('Catalog'));
  g.add(catalog, dct('title'), es(page.title));
  g.add(catalog, dct('description'), es(page.description));
  g.add(catalog, foaf('homepage'), g.node(`${page.base}/datos`, [foaf('Document')]));
  g.add(catalog, dct('language'), g.node(`${EU}language/SPA`, [dct('LinguisticSystem')]));
  g.add(
    catalog,
    dcat('themeTaxonomy'),
    g.node(`${EU}data-theme`, [skos('ConceptScheme')], (s) => g.add(s, dct('title'), literal('Data theme', 'en'))),
  );
  g.add(
    catalog,
    dct('publisher'),
    g.node(`${page.base}/organization/tambo`, [foaf('Agent'), foaf('Organization')], (s) => g.add(s, foaf('name'), es(page.countryName))),
  );
  for (const d of page.datasets) g.add(catalog, dcat('dataset'), addDataset(g, page.base, d, page.themes));
  if (page.page) {
    const { number, size, total, url } = page.page;
    const last = Math.max(1, Math.ceil(total / size));
    const paging = namedNode(url(number));
    g.add(paging, rdf('type'), hydra('PagedCollection'));
    g.add(paging, hydra('totalItems'), literal(String(total), xsd('integer')));
    g.add(paging, hydra('itemsPerPage'), literal(String(size), xsd('integer')));
    g.add(paging, hydra('firstPage'), literal(url(1)));
    g.add(paging, hydra('lastPage'), literal(url(last)));
    if (number > 1) g.add(paging, hydra('previousPage'), literal(url(number - 1)));
    if (number < last) g.add(paging, hydra('nextPage'), literal(url(number + 1)));
  }
  return g.quads;
}

export function datasetGraph(base: string, dataset: Dataset, themes: Map<string, Theme>): Quad[] {
  const g = new Graph();
  addDataset(g, base, dataset, themes);
  return g.quads;
}

// --- writers ---

export function toTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: PREFIXES });
    writer.addQuads(quads);
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

function compact(iri: string): string {
  for (const [prefix, uri] of Object.entries(PREFIXES)) if (iri.startsWith(uri) && /^[A-Za-z_][\w-]*$/.test(iri.slice(uri.length))) return `${prefix}:${iri.slice(uri.length)}`;
  return iri;
}

const termId = (term: Quad_Subject | Quad_Object) => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);

/** JSON-LD: one node object per subject in @graph, values as @id / @value objects, compact IRIs from @context. */
export function toJsonLd(quads: Quad[]): Record<string, unknown> {
  const nodes = new Map<string, Record<string, unknown>>();
  for (const q of quads) {
    const id = termId(q.subject);
    const node = nodes.get(id) ?? { '@id': id };
    nodes.set(id, node);
    if (q.predicate.value === `${PREFIXES.rdf}type`) {
      node['@type'] = [...((node['@type'] as string[]) ?? []), compact(q.object.value)];
      continue;
    }
    const key = compact(q.predicate.value);
    const o = q.object;
    const value =
      o.termType === 'Literal'
        ? o.language
          ? { '@value': o.value, '@language': o.language }
          : o.datatype.value === `${PREFIXES.xsd}string`
            ? { '@value': o.value }
            : { '@value': o.value, '@type': compact(o.datatype.value) }
        : { '@id': termId(o) };
    node[key] = [...((node[key] as unknown[]) ?? []), value];
  }
  return { '@context': PREFIXES, '@graph': [...nodes.values()] };
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** RDF/XML: one rdf:Description per subject. */
export function toRdfXml(quads: Quad[]): string {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) bySubject.set(termId(q.subject), [...(bySubject.get(termId(q.subject)) ?? []), q]);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rdf:RDF ${Object.entries(PREFIXES)
      .map(([p, uri]) => `xmlns:${p}="${uri}"`)
      .join(' ')}>`,
  ];
  for (const [id, list] of bySubject) {
    lines.push(id.startsWith('_:') ? `  <rdf:Description rdf:nodeID="${xml(id.slice(2))}">` : `  <rdf:Description rdf:about="${xml(id)}">`);
    for (const q of list) {
      const name = compact(q.predicate.value);
      const o = q.object;
      if (o.termType === 'Literal') {
        const attribute = o.language ? ` xml:lang="${o.language}"` : o.datatype.value === `${PREFIXES.xsd}string` ? '' : ` rdf:datatype="${xml(o.datatype.value)}"`;
        lines.push(`    <${name}${attribute}>${xml(o.value)}</${name}>`);
      } else if (o.termType === 'BlankNode') lines.push(`    <${name} rdf:nodeID="${xml(o.value)}"/>`);
      else lines.push(`    <${name} rdf:resource="${xml(o.value)}"/>`);
    }
    lines.push('  </rdf:Description>');
  }
  lines.push('</rdf:RDF>', '');
  return lines.join('\n');
}
