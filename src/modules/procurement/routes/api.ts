// The procurement API (public reads) and the OCDS publication: release and record packages paged
// by date, and the bulk JSON Lines and CSV files (docs/procurement.md, "In the open").
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { type PackageMeta, type Release, recordPackage, releasePackage } from '../ocds.ts';
import { openedOffers, pageProcesses, pageReleases, releasesOf, searchTenders, tenderView } from '../procurement.service.ts';
import { phaseOf, type Tender } from '../procurement.types.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const MAX_PAGE = 500;

const TenderSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ocid: Type.String(),
  agencyCode: Type.String(),
  title: Type.String(),
  description: Type.String(),
  cpvCode: Type.String(),
  quantity: Type.Number(),
  unit: Type.String(),
  territoryCode: Type.String(),
  deliveryPlace: Type.String(),
  deliveryDate: Type.String({ format: 'date' }),
  referenceAmount: Type.Number(),
  currency: Type.String(),
  reserved: Type.String(),
  rule: Type.String(),
  phase: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  deadline: Type.String({ format: 'date-time' }),
  offers: Type.Optional(Type.Integer()),
  publicKey: Type.String({ description: 'The PEM public key offers are sealed with (RSA-OAEP SHA-256 wrapping an AES-256-GCM key)' }),
  redFlags: Type.Optional(Type.Array(Type.String())),
});

const tenderBody = (t: Tender, extra: { offers?: number; redFlags?: string[] } = {}) => ({
  id: t.id,
  ocid: t.ocid,
  agencyCode: t.agencyCode,
  title: t.title,
  description: t.description,
  cpvCode: t.cpvCode,
  quantity: t.quantity,
  unit: t.unit,
  territoryCode: t.territoryCode,
  deliveryPlace: t.deliveryPlace,
  deliveryDate: t.deliveryDate,
  referenceAmount: t.referenceAmount,
  currency: t.currency,
  reserved: t.reserved,
  rule: t.rule,
  phase: phaseOf(t),
  publishedAt: t.publishedAt.toISOString(),
  deadline: t.deadline.toISOString(),
  publicKey: t.publicKey,
  ...extra,
});

const Package = Type.Object(
  {
    uri: Type.String(),
    version: Type.String(),
    publishedDate: Type.String({ format: 'date-time' }),
    publisher: Type.Object({ name: Type.String(), uri: Type.String() }),
    license: Type.String(),
    publicationPolicy: Type.String(),
    releases: Type.Optional(Type.Array(Type.Unknown())),
    records: Type.Optional(Type.Array(Type.Unknown())),
    links: Type.Object({ next: Type.Union([Type.String(), Type.Null()]) }),
  },
  { description: 'An OCDS 1.1.5 package (release-package-schema.json or record-package-schema.json), with `links.next` for the next page.' },
);
const PageQuery = Type.Object({
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only what was published at or after this instant' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Only what was published before this instant (release packages)' })),
  ocid: Type.Optional(Type.String({ maxLength: 120, description: 'One contracting process (release packages)' })),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'The cursor of `links.next`' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 100 })),
});

const encodeCursor = (date: string, id: string) => Buffer.from(`${date}|${id}`).toString('base64url');
function decodeCursor(after: string | undefined): { date: Date; id: string } | undefined {
  if (!after) return undefined;
  const [date, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  const at = new Date(date ?? '');
  if (!id || Number.isNaN(at.getTime())) throw new AppError('PROCUREMENT_BAD_CURSOR');
  return { date: at, id };
}

export function packageMeta(deps: Pick<Deps, 'config'>, request: FastifyRequest, publishedDate: string): PackageMeta {
  return {
    uri: `${deps.config.publicUrl}${request.url}`,
    publishedDate,
    publisher: { name: 'Tambo', uri: deps.config.publicUrl },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: `${deps.config.publicUrl}/compras/datos`,
  };
}

export function registerProcurementApi(app: TamboApp, deps: Deps): void {
  const releaseUrl = (r: Release) => `${deps.config.publicUrl}/api/v1/ocds/release-packages?ocid=${encodeURIComponent(r.ocid)}#${encodeURIComponent(r.id)}`;
  const nextLink = (request: FastifyRequest, cursor: string | null) => {
    if (!cursor) return null;
    const url = new URL(request.url, deps.config.publicUrl);
    url.searchParams.set('after', cursor);
    return url.toString();
  };

  app.get(
    '/api/v1/procurement/tenders',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'searchTenders',
        summary: 'Needs the State publishes (feria a la inversa), newest first: search by words, entity, CPV code, territory or awarded supplier',
        description: 'Public.',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          agency: Type.Optional(Type.String({ maxLength: 40 })),
          cpv: Type.Optional(Type.String({ maxLength: 20 })),
          territory: Type.Optional(Type.String({ maxLength: 40 })),
          supplier: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 200: Type.Object({ tenders: Type.Array(TenderSchema) }) },
      },
    },
    async (request) => ({ tenders: (await searchTenders(deps, request.query)).map((t) => tenderBody(t)) }),
  );

  app.get(
    '/api/v1/procurement/tenders/:id',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'getTender',
        summary: 'A need, with the number of offers received and its red flags',
        description: 'Public.',
        params: Params,
        response: { 200: TenderSchema },
      },
    },
    async (request) => {
      const view = await tenderView(deps, request.params.id);
      return tenderBody(view.tender, { offers: view.offers, redFlags: view.flags });
    },
  );

  app.get(
    '/api/v1/procurement/tenders/:id/offers',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'listTenderOffers',
        'x-errors': ['PROCUREMENT_SEALED'],
        summary: 'The offers of a process with their prices and evaluation, once opened',
        description: 'Public after the opening act. Before it, 409 `PROCUREMENT_SEALED` for everyone (administrators included): the offers are sealed with a key the platform does not hold.',
        params: Params,
        response: {
          200: Type.Object({
            offers: Type.Array(
              Type.Object({
                id: Type.String({ format: 'uuid' }),
                supplierKey: Type.String(),
                supplierName: Type.String(),
                amount: Type.Union([Type.Number(), Type.Null()]),
                deliveryDate: Type.Union([Type.String(), Type.Null()]),
                outcome: Type.Union([Type.String(), Type.Null()]),
                reason: Type.Union([Type.String(), Type.Null()]),
                sha256: Type.String(),
                receivedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      offers: (await openedOffers(deps, request.params.id)).map((o) => ({
        id: o.id,
        supplierKey: o.supplierKey,
        supplierName: o.supplierName,
        amount: o.amount,
        deliveryDate: o.deliveryDate,
        outcome: o.outcome,
        reason: o.reason,
        sha256: o.sha256,
        receivedAt: o.receivedAt.toISOString(),
      })),
    }),
  );

  app.get(
    '/api/v1/ocds/release-packages',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'ocdsReleasePackages',
        summary: 'OCDS 1.1.5 release package: every release of every contracting process, by date',
        description: 'Public. Pages of at most `limit` releases in date order; `links.next` gives the next page (null on the last). Filter by `since`/`until` or one `ocid`.',
        querystring: PageQuery,
        response: { 200: Package },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const releases = await pageReleases(deps, {
        since: request.query.since ? new Date(request.query.since) : undefined,
        until: request.query.until ? new Date(request.query.until) : undefined,
        ocid: request.query.ocid,
        after: decodeCursor(request.query.after),
        limit,
      });
      const last = releases[releases.length - 1];
      const cursor = last && releases.length === limit ? encodeCursor(last.date, last.id) : null;
      return { ...releasePackage(packageMeta(deps, request, last?.date ?? new Date().toISOString()), releases), links: { next: nextLink(request, cursor) } };
    },
  );

  app.get(
    '/api/v1/ocds/record-packages',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'ocdsRecordPackages',
        summary: 'OCDS 1.1.5 record package: each contracting process with its releases and the compiled release',
        description: 'Public. Processes in the order of their latest release; `links.next` gives the next page.',
        querystring: PageQuery,
        response: { 200: Package },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const after = decodeCursor(request.query.after);
      const processes = await pageProcesses(deps, { since: request.query.since ? new Date(request.query.since) : undefined, after: after && { date: after.date, ocid: after.id }, limit });
      const releases = await releasesOf(
        deps,
        processes.map((p) => p.ocid),
      );
      const byOcid = new Map(processes.map((p) => [p.ocid, releases.filter((r) => r.ocid === p.ocid)]));
      const last = processes[processes.length - 1];
      const cursor = last && processes.length === limit ? encodeCursor(last.date.toISOString(), last.ocid) : null;
      return { ...recordPackage(packageMeta(deps, request, last?.date.toISOString() ?? new Date().toISOString()), byOcid, releaseUrl), links: { next: nextLink(request, cursor) } };
    },
  );

  app.get(
    '/api/v1/ocds/releases.jsonl',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'ocdsReleasesBulk',
        summary: 'Every OCDS release in bulk: JSON Lines, one release per line, in date order',
        description: 'Public. `application/x-ndjson`.',
        produces: ['application/x-ndjson'],
      },
    },
    async (_request, reply) => {
      const lines: string[] = [];
      let after: { date: Date; id: string } | undefined;
      for (;;) {
        const page = await pageReleases(deps, { after, limit: MAX_PAGE });
        for (const r of page) lines.push(JSON.stringify(r));
        if (page.length < MAX_PAGE) break;
        const last = page[page.length - 1]!;
        after = { date: new Date(last.date), id: last.id };
      }
      return reply.type('application/x-ndjson; charset=utf-8').send(lines.join('\n') + (lines.length ? '\n' : ''));
    },
  );

  app.get(
    '/api/v1/ocds/awards.csv',
    {
      schema: {
        tags: ['procurement'],
        operationId: 'ocdsAwardsCsv',
        summary: 'The processes as CSV, one row per process in our documented layout (docs/procurement.md)',
        description: 'Public. Columns: ocid, buyer, title, cpv, reference_amount, currency, tender_start, tender_end, tenderers, status, supplier, award_amount.',
        produces: ['text/csv'],
      },
    },
    async (_request, reply) => {
      const tenders = await searchTenders(deps, {});
      const csv = (v: unknown) => {
        const s = v === null || v === undefined ? '' : String(v);
        return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      const rows = [['ocid', 'buyer', 'title', 'cpv', 'reference_amount', 'currency', 'tender_start', 'tender_end', 'tenderers', 'status', 'supplier', 'award_amount']];
      for (const t of tenders) {
        const offers = t.openedAt ? await openedOffers(deps, t.id) : [];
        const winner = offers.find((o) => o.outcome === 'winner');
        rows.push([
          t.ocid,
          t.agencyCode,
          t.title,
          t.cpvCode,
          String(t.referenceAmount),
          t.currency,
          t.publishedAt.toISOString(),
          t.deadline.toISOString(),
          t.openedAt ? String(offers.length) : '',
          t.status,
          winner?.supplierKey ?? '',
          winner ? String(winner.amount) : '',
        ]);
      }
      return reply.type('text/csv; charset=utf-8').send(`${rows.map((r) => r.map(csv).join(',')).join('\n')}\n`);
    },
  );
}
