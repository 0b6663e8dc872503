// JSON API of reports: categories, submit (idempotent by the Idempotency-Key header), list, one.
import { Type, type Static } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { decodeBase64 } from '../../../platform/files/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { findPossibleDuplicates, getReport, getTimeline, listCategories, searchReports } from '../reading.service.ts';
import { getReportStats } from '../stats.service.ts';
import { createReport } from '../submission.service.ts';
import { QUESTION_DATATYPES, REPORT_STATUSES, type Report, type ReportActor, type TimelineEntry } from '../report.types.ts';

const Localized = Type.Object({ es: Type.String(), en: Type.String() });
const StatusSchema = Type.Union(
  REPORT_STATUSES.map((s) => Type.Literal(s)),
  { description: 'received, in_progress, resolved, rejected or duplicate' },
);

const CategorySchema = Type.Object(
  {
    code: Type.String({ examples: ['agua'] }),
    name: Localized,
    description: Localized,
    anonymousAllowed: Type.Boolean({ description: "Whether reports of this category may be sent without the reporter's identity" }),
    isAgencyComplaint: Type.Boolean({ description: 'A complaint about a public service: the report names the agency (subjectAgencyCode)' }),
    legalResponseDays: Type.Integer({ description: 'Legal response time in business days of the country profile' }),
    contestDays: Type.Integer({ description: 'Business days after "resolved" during which the reporter may contest' }),
    duplicateRadiusM: Type.Integer({ description: 'Radius in metres within which open reports of the category are offered as duplicates' }),
    questions: Type.Array(
      Type.Object({
        code: Type.String(),
        datatype: Type.Union(QUESTION_DATATYPES.map((d) => Type.Literal(d))),
        required: Type.Boolean(),
        order: Type.Integer(),
        description: Localized,
        values: Type.Array(Type.Object({ key: Type.String(), name: Localized })),
      }),
      { description: 'Category-specific questions; answers go in `answers` keyed by question code' },
    ),
  },
  { $id: 'ReportCategory' },
);

const FileLink = Type.Object({ url: Type.String({ description: 'Path under PUBLIC_URL' }), filename: Type.String(), mediaType: Type.String() });

const ReportSchema = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String({ examples: ['R-42'] }),
    categoryCode: Type.String(),
    status: StatusSchema,
    description: Type.String(),
    answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
    lat: Type.Union([Type.Number(), Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    territoryCode: Type.Union([Type.String(), Type.Null()]),
    agencyCode: Type.Union([Type.String(), Type.Null()], { description: 'The competent agency; null while in the triage queue' }),
    agencyName: Type.Union([Type.String(), Type.Null()]),
    subjectAgencyCode: Type.Union([Type.String(), Type.Null()], { description: 'The agency a complaint is about' }),
    onBehalfOf: Type.Union([Type.String(), Type.Null()], { description: 'The community council a spokesperson reported for' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.String({ format: 'date-time', description: 'Legal deadline for an answer' }),
    isOverdue: Type.Boolean(),
    supporterCount: Type.Integer(),
    reopenedCount: Type.Integer(),
    duplicateOf: Type.Union([Type.Integer(), Type.Null()]),
    statusReason: Type.Union([Type.String(), Type.Null()]),
    photos: Type.Array(FileLink),
    timeline: Type.Optional(
      Type.Array(
        Type.Object({
          kind: Type.String(),
          status: Type.Union([StatusSchema, Type.Null()]),
          text: Type.Union([Type.String(), Type.Null()]),
          agencyCode: Type.Union([Type.String(), Type.Null()]),
          agencyName: Type.Union([Type.String(), Type.Null()]),
          at: Type.String({ format: 'date-time' }),
          files: Type.Array(FileLink),
        }),
      ),
    ),
  },
  { $id: 'Report', description: "A report as the public sees it: never the reporter's identity or contact" },
);

const NewReportSchema = Type.Object(
  {
    categoryCode: Type.String({ maxLength: 64 }),
    description: Type.String({ maxLength: 5000 }),
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })]))),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    territoryCode: Type.Optional(Type.String({ maxLength: 64 })),
    subjectAgencyCode: Type.Optional(Type.String({ maxLength: 64, description: 'Complaint categories: the agency the complaint is about' })),
    isAnonymous: Type.Optional(Type.Boolean({ description: "Send without the reporter's identity (only where the category permits)" })),
    onBehalfOfTerritory: Type.Optional(Type.String({ maxLength: 64, description: "A signed-in spokesperson reporting for a community council: the council's territory code" })),
    photos: Type.Optional(
      Type.Array(
        Type.Object({
          filename: Type.String({ maxLength: 200 }),
          contentBase64: Type.String({ description: 'JPEG or PNG, base64, at most 5 MB' }),
        }),
        { maxItems: 3 },
      ),
    ),
  },
  { additionalProperties: false },
);
type NewReportBody = Static<typeof NewReportSchema>;

const iso = (d: Date) => d.toISOString();
const toTimelineJson = (e: TimelineEntry) => ({ kind: e.kind, status: e.status, text: e.text, agencyCode: e.agencyCode, agencyName: e.agencyName, at: iso(e.at), files: e.files });
export const toReportJson = (r: Report, timeline?: TimelineEntry[]) => ({
  id: r.id,
  code: r.code,
  categoryCode: r.categoryCode,
  status: r.status,
  description: r.description,
  answers: r.answers,
  lat: r.lat,
  lon: r.lon,
  address: r.address,
  territoryCode: r.territoryCode,
  agencyCode: r.agencyCode,
  agencyName: r.agencyName,
  subjectAgencyCode: r.subjectAgencyCode,
  onBehalfOf: r.onBehalfOf?.name ?? null,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  dueAt: iso(r.dueAt),
  isOverdue: r.isOverdue,
  supporterCount: r.supporterCount,
  reopenedCount: r.reopenedCount,
  duplicateOf: r.duplicateOf,
  statusReason: r.statusReason,
  photos: r.photos,
  ...(timeline ? { timeline: timeline.map(toTimelineJson) } : {}),
});

export function registerReportApi(app: TamboApp, deps: Deps): void {
  app.addSchema(CategorySchema);
  app.addSchema(ReportSchema);

  app.get(
    '/api/v1/report-categories',
    {
      schema: {
        tags: ['reports'],
        operationId: 'listReportCategories',
        summary: "What can be reported, with each category's questions",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ReportCategory')) }) },
      },
    },
    async () => ({ items: await listCategories(deps.db) }),
  );

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags: ['reports'],
        operationId: 'createReport',
        'x-errors': ['IDEMPOTENCY_KEY_REUSED'],
        summary: 'Send a report (synchronous: a 201 means it is stored; retry with the same Idempotency-Key to be safe)',
        description:
          'A signed-in person (portal session) is the reporter and is followed up; otherwise the report is anonymous and the category must permit it. ' +
          'With an `Idempotency-Key` header, a retried request returns the report the first one created (200 instead of 201); ' +
          'the same key with a different request is refused (422, IDEMPOTENCY_KEY_REUSED). ' +
          'An unknown category, more than 3 photos, or a photo over 5 MB or not JPEG or PNG are field problems of VALIDATION_FAILED (`/categoryCode`, `/photos`, `/photos/<index>`).',
        headers: IdempotencyKeyHeaders,
        body: NewReportSchema,
        response: { 201: Type.Ref('Report'), 200: Type.Ref('Report') },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const body: NewReportBody = request.body;
      const photos = (body.photos ?? []).map((p, index) => {
        const bytes = decodeBase64(p.contentBase64);
        if (!bytes) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `/photos/${index}/contentBase64`, messageKey: 'reports.errors.base64' }] });
        return { bytes, filename: p.filename };
      });
      const actor: ReportActor = request.current && !body.isAnonymous ? { type: 'person', id: request.current.account.id } : { type: 'anonymous' };
      const { report, isNew } = await createReport(deps, { ...body, photos, source: 'api' }, { idempotencyKey: key, actor, requestId: request.id });
      return reply
        .code(isNew ? 201 : 200)
        .header('location', `/api/v1/reports/${report.id}`)
        .send(toReportJson(report));
    },
  );

  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        operationId: 'listReports',
        summary: 'Public reports, newest first, with filters',
        querystring: Type.Object(
          {
            territory: Type.Optional(Type.String({ maxLength: 64, description: 'A territory code: reports in it or any unit inside it' })),
            category: Type.Optional(Type.String({ maxLength: 64 })),
            agency: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(StatusSchema),
            from: Type.Optional(Type.String({ format: 'date', description: 'Created on or after this day (UTC)' })),
            to: Type.Optional(Type.String({ format: 'date', description: 'Created on or before this day (UTC)' })),
            bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: 'south,west,north,east' })),
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only reports with a smaller id (next page)' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Report')), next: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as `before` for the next page' }) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const items = await searchReports(deps.db, {
        territoryCode: q.territory,
        categoryCodes: q.category ? [q.category] : undefined,
        agencyCode: q.agency,
        status: q.status ? [q.status] : undefined,
        startDate: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        endDate: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
        bbox: q.bbox ? (q.bbox.split(',').map(Number) as [number, number, number, number]) : undefined,
        beforeId: q.before,
        limit,
      });
      return { items: items.map((r) => toReportJson(r)), next: items.length === limit ? items[items.length - 1]!.id : null };
    },
  );

  app.get(
    '/api/v1/reports/nearby',
    {
      schema: {
        tags: ['reports'],
        operationId: 'findNearbyReports',
        'x-example': { query: { category: 'agua', lat: -16.5, lon: -68.15 } },
        summary: 'Open reports of a category near a point: possible duplicates to support instead of sending another',
        querystring: Type.Object(
          {
            category: Type.String({ maxLength: 64 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lon: Type.Number({ minimum: -180, maximum: 180 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Intersect([Type.Ref('Report'), Type.Object({ distanceM: Type.Integer({ description: 'Metres from the point' }) })])) }) },
      },
    },
    async (request) => ({
      items: (await findPossibleDuplicates(deps, request.query.category, request.query.lat, request.query.lon)).map((r) => ({ ...toReportJson(r), distanceM: r.distanceM })),
    }),
  );

  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getReport',
        'x-errors': ['REPORT_NOT_FOUND'],
        summary: 'One public report with its timeline',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Ref('Report') },
      },
    },
    async (request) => {
      const report = await getReport(deps, request.params.id);
      return toReportJson(report, await getTimeline(deps, report.id));
    },
  );

  app.get(
    '/api/v1/report-stats',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getReportStats',
        summary: 'Statistics of a territory, an agency or the whole country (open data)',
        querystring: Type.Object({ territory: Type.Optional(Type.String({ maxLength: 64 })), agency: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            scope: Type.String(),
            received: Type.Integer(),
            resolved: Type.Integer(),
            answered: Type.Integer(),
            answeredInTime: Type.Integer(),
            reopened: Type.Integer(),
            medianResponseHours: Type.Union([Type.Number(), Type.Null()], { description: 'Median hours to the first answer (hour buckets)' }),
            shareInTime: Type.Union([Type.Number(), Type.Null()], { description: 'Share (0–1) of answered reports answered within the legal time' }),
          }),
        },
      },
    },
    async (request) => getReportStats(deps, { territoryCode: request.query.territory, agencyCode: request.query.agency }),
  );
}
