// DCAT-AP 3: /catalog.{jsonld,ttl,rdf} (paged by `page`, 100 datasets a page, newest change
// first; `modified_since` keeps the datasets changed since an instant) and
// /dataset/{name}.{jsonld,ttl,rdf}. Public, any origin.
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getDataset, searchDatasets, themesByName } from '../catalog.service.ts';
import { catalogGraph, datasetGraph, toJsonLd, toRdfXml, toTurtle } from '../dcat.ts';
import type { FilterNode } from '../search-query.ts';

export const CATALOG_PAGE_SIZE = 100;
const TYPES = { jsonld: 'application/ld+json', ttl: 'text/turtle', rdf: 'application/rdf+xml' } as const;
type Format = keyof typeof TYPES;

async function send(reply: FastifyReply, format: Format, quads: Parameters<typeof toTurtle>[0]) {
  reply.header('content-type', `${TYPES[format]}; charset=utf-8`);
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', 'public, max-age=60');
  if (format === 'ttl') return reply.send(await toTurtle(quads));
  if (format === 'rdf') return reply.send(toRdfXml(quads));
  return reply.send(JSON.stringify(toJsonLd(quads)));
}

export function registerDcat(app: TamboApp, deps: Deps): void {
  const base = deps.config.publicUrl;
  const themesOf = () => themesByName(deps);

  for (const format of Object.keys(TYPES) as Format[]) {
    app.get(`/catalog.${format}`, async (request, reply) => {
      const query = request.query as { page?: string; modified_since?: string };
      const number = query.page === undefined ? 1 : Number(query.page);
      if (!Number.isInteger(number) || number < 1 || number > 1_000_000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'page', messageKey: 'open_data.errors.page' }] });
      const filters: FilterNode[] = [];
      if (query.modified_since !== undefined) {
        const since = new Date(query.modified_since);
        if (!/^\d{4}-\d\d-\d\d/.test(query.modified_since) || Number.isNaN(since.getTime()))
          throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'modified_since', messageKey: 'open_data.errors.modifiedSince' }] });
        filters.push({ kind: 'match', field: 'metadata_modified', values: [{ kind: 'range', from: since.toISOString(), to: null, includeFrom: true, includeTo: true }] });
      }
      const found = await searchDatasets(deps, { filters, sort: [{ field: 'metadata_modified', direction: 'desc' }], rows: CATALOG_PAGE_SIZE, start: (number - 1) * CATALOG_PAGE_SIZE });
      const url = (page: number) => {
        const params = new URLSearchParams({ ...(query.modified_since ? { modified_since: query.modified_since } : {}), page: String(page) });
        return `${base}/catalog.${format}?${params}`;
      };
      const quads = catalogGraph({
        base,
        title: request.t('open_data.catalog.title'),
        description: request.t('open_data.catalog.description', { country: deps.country.name.es }),
        countryName: deps.country.name.es,
        datasets: found.datasets,
        themes: await themesOf(),
        page: { number, size: CATALOG_PAGE_SIZE, total: found.count, url },
      });
      return send(reply, format, quads);
    });
  }

  app.get('/dataset/:file', async (request, reply) => {
    const match = /^([a-z0-9][a-z0-9_-]{1,99})\.(jsonld|ttl|rdf)$/.exec((request.params as { file: string }).file);
    if (!match) throw new AppError('OPEN_DATA_NOT_FOUND');
    const dataset = await getDataset(deps, match[1]!);
    if (!dataset) throw new AppError('OPEN_DATA_NOT_FOUND');
    return send(reply, match[2] as Format, datasetGraph(base, dataset, await themesOf()));
  });
}
