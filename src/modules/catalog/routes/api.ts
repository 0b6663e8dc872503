import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { COMMITMENT_METRICS, measureCommitments } from '../commitments.ts';
import { getPublishedProcedure, listAgencyStatistics, listProcedureStatistics, publicProcedureStatistics, searchProcedures, type StoredStatistics } from '../procedure.service.ts';
import { AUDIENCES, FEE_KINDS, LIFE_EVENTS, TACIT_OUTCOMES, TOPICS, type PublishedProcedure } from '../procedure.types.ts';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const ProcedureSummarySchema = Type.Object(
  {
    slug: Type.String({ description: 'Stable address of the procedure: /tramites/{slug}', examples: ['cedula-de-identidad'] }),
    name: Type.String(),
    summary: Type.String({ description: 'Plain-language description' }),
    agency: Type.String({ description: 'Code of the agency in charge (see /api/v1/agencies)' }),
    audiences: Type.Array(literals(AUDIENCES)),
    topics: Type.Array(literals(TOPICS)),
    lifeEvents: Type.Array(literals(LIFE_EVENTS)),
    online: Type.Boolean({ description: 'Whether it can be done entirely online' }),
    version: Type.Integer({ description: 'Number of the published version' }),
  },
  { $id: 'ProcedureSummary' },
);

const StatisticsSchema = Type.Object(
  {
    applications: Type.Integer(),
    completed: Type.Integer(),
    medianDaysToComplete: Type.Union([Type.Number(), Type.Null()], { description: 'Median business days from application to completion' }),
    shareWithinLegalTime: Type.Union([Type.Number(), Type.Null()], { description: 'Share of completed applications answered within the legal time (0 to 1)' }),
    satisfactionAverage: Type.Union([Type.Number(), Type.Null()], { description: 'Average satisfaction, 1 to 5' }),
    satisfactionCount: Type.Integer(),
    computedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ProcedureStatistics' },
);

const ProcedureSchema = Type.Object(
  {
    ...ProcedureSummarySchema.properties,
    versionId: Type.String({ format: 'uuid' }),
    publishedAt: Nullable(Type.String({ format: 'date-time' })),
    requirements: Type.Array(Type.String()),
    legalBasis: Type.Array(Type.String()),
    fee: Type.Object({
      kind: literals(FEE_KINDS, 'free, a fixed amount, or computed by a formula'),
      amount: Nullable(Type.String({ description: 'Decimal amount (fixed fees)', examples: ['17.00'] })),
      formula: Nullable(Type.String({ description: 'How the fee is computed (fees by formula)' })),
      currency: Type.String({ description: 'ISO 4217 code of the country currency', examples: ['BOB'] }),
    }),
    maxResponseDays: Type.Integer({ description: 'Maximum response time set by law, in business days' }),
    tacitOutcome: literals(TACIT_OUTCOMES, 'What happens when that time passes without an answer'),
    result: Type.String(),
    resultValidity: Nullable(Type.String()),
    offices: Type.Array(Type.Object({ name: Type.String(), address: Type.String(), hours: Type.String() })),
    steps: Type.Array(Type.String()),
    commitments: Type.Array(Type.String({ description: 'Service-charter commitment (Carta de Servicios)' })),
    commitmentTargets: Type.Array(
      Type.Object({
        commitment: Type.Integer({ minimum: 0, description: 'Position of the commitment in `commitments`, from 0' }),
        text: Type.String(),
        metric: literals(
          COMMITMENT_METRICS,
          'in_time: share decided within the legal time (%, at least); satisfaction: average rating 1–5 (at least); median_days: median business days to decide (at most)',
        ),
        target: Type.Number(),
        measured: Type.Union([Type.Number(), Type.Null()], { description: "The figure measured from the procedure's own statistics (% for in_time); null before any" }),
        met: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the target is met; null while there is nothing to measure' }),
      }),
      { description: 'The commitments that carry a metric and a target, each measured (docs/entities.md)' },
    ),
    statistics: Type.Union([Type.Ref('ProcedureStatistics'), Type.Null()]),
  },
  { $id: 'Procedure' },
);

const summary = (p: PublishedProcedure) => ({
  slug: p.slug,
  name: p.name,
  summary: p.summary,
  agency: p.agencyCode,
  audiences: p.audiences,
  topics: p.topics,
  lifeEvents: p.lifeEvents,
  online: p.isOnline,
  version: p.version,
});
const statistics = (s: StoredStatistics) => ({
  applications: s.applications,
  completed: s.completed,
  medianDaysToComplete: s.medianDaysToComplete,
  shareWithinLegalTime: s.shareWithinLegalTime,
  satisfactionAverage: s.satisfactionAverage,
  satisfactionCount: s.satisfactionCount,
  computedAt: s.computedAt.toISOString(),
});

/** GET /api/v1/procedures/{slug} as sent: the Procedure schema's JSON and its entity tag. */
interface Answer {
  statistics: StoredStatistics | undefined;
  body: string;
  etag: string;
}
// Keyed by the cached procedure object: a new publication (a new object) starts afresh.
const answers = new WeakMap<PublishedProcedure, Answer>();

function procedureAnswer(deps: Pick<Deps, 'country'>, p: PublishedProcedure, stats: StoredStatistics | undefined): Answer {
  const known = answers.get(p);
  if (known && known.statistics === stats) return known;
  const body = JSON.stringify({
    ...summary(p),
    versionId: p.id,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    requirements: p.requirements,
    legalBasis: p.legalBasis,
    fee: { kind: p.feeKind, amount: p.feeAmount, formula: p.feeFormula, currency: deps.country.currency },
    maxResponseDays: p.maxResponseDays,
    tacitOutcome: p.tacitOutcome,
    result: p.result,
    resultValidity: p.resultValidity,
    offices: p.offices.map((o) => ({ name: o.name, address: o.address, hours: o.hours })),
    steps: p.steps,
    commitments: p.commitments,
    commitmentTargets: measureCommitments(p.commitments, p.commitmentTargets ?? [], stats).flatMap((r, i) =>
      r.target ? [{ commitment: i, text: r.text, metric: r.target.metric, target: r.target.target, measured: r.actual, met: r.met }] : [],
    ),
    statistics: stats ? statistics(stats) : null,
  });
  const answer = { statistics: stats, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  answers.set(p, answer);
  return answer;
}

/** If-None-Match holds the entity tag (or `*`); weak tags compare by their opaque part (RFC 9110 §13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

export function registerCatalogApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ProcedureSummarySchema);
  app.addSchema(StatisticsSchema);
  app.addSchema(ProcedureSchema);

  app.get(
    '/api/v1/procedures',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listProcedures',
        summary: 'Search the published procedures',
        description: 'Spanish full-text search (accents ignored; a word with a typo is corrected to the closest word of the catalog) with filters and paging.',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to search for' })),
            agency: Type.Optional(Type.String({ maxLength: 64, description: 'Agency code' })),
            topic: Type.Optional(literals(TOPICS)),
            lifeEvent: Type.Optional(literals(LIFE_EVENTS)),
            audience: Type.Optional(literals(AUDIENCES)),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('ProcedureSummary')),
            total: Type.Integer({ description: 'Number of procedures matching, across pages' }),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            correctedQuery: Type.Union([Type.String(), Type.Null()], { description: 'The query as corrected for typos, when the words typed found nothing' }),
          }),
        },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...filters } = request.query;
      const result = await searchProcedures(deps, { ...filters, page, pageSize });
      return { items: result.items.map(summary), total: result.total, page, pageSize, correctedQuery: result.correctedQuery };
    },
  );

  app.get(
    '/api/v1/procedures/:slug',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'getProcedure',
        'x-example': { params: { slug: 'cedula-de-identidad' } },
        'x-errors': ['CATALOG_PROCEDURE_NOT_FOUND'],
        summary: 'One published procedure, with its statistics',
        params: Type.Object({ slug: Type.String({ maxLength: 100 }) }),
        description: 'Public and cacheable: answers carry an ETag; with a matching If-None-Match the answer is 304 without a body.',
        response: { 200: Type.Ref('Procedure'), 304: Type.Null({ description: 'Not modified: the ETag in If-None-Match is current' }) },
      },
    },
    async (request, reply) => {
      const p = await getPublishedProcedure(deps, request.params.slug);
      const stats = await publicProcedureStatistics(deps, p.procedureId);
      // Serialized once per cached procedure and statistics; clients revalidate with the ETag.
      const answer = procedureAnswer(deps, p, stats);
      reply.header('cache-control', 'public, no-cache').header('etag', answer.etag);
      if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send(null);
      return reply.header('content-type', 'application/json; charset=utf-8').send(answer.body);
    },
  );

  app.get(
    '/api/v1/procedure-statistics',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listProcedureStatistics',
        summary: 'Statistics of every published procedure and totals per agency (open data)',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ slug: Type.String(), agency: Type.String(), statistics: Type.Ref('ProcedureStatistics') })),
            agencies: Type.Array(
              Type.Object({
                agency: Type.String(),
                procedures: Type.Integer({ description: 'Published procedures with statistics' }),
                applications: Type.Integer(),
                completed: Type.Integer(),
                shareWithinLegalTime: Type.Union([Type.Number(), Type.Null()], { description: 'Weighted by completed applications' }),
                satisfactionAverage: Type.Union([Type.Number(), Type.Null()], { description: 'Weighted by ratings' }),
                satisfactionCount: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: (await listProcedureStatistics(deps)).map((s) => ({ slug: s.slug, agency: s.agencyCode, statistics: statistics(s) })),
      agencies: (await listAgencyStatistics(deps)).map(({ agencyCode, ...rest }) => ({ agency: agencyCode, ...rest })),
    }),
  );
}
