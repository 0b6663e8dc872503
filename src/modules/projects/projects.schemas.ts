// TypeBox schemas of the projects API (in the OpenAPI document).
import { Type } from 'typebox';
import type { Project, Transfer } from './projects.types.ts';
import { PROJECT_KINDS, PROJECT_STATUSES } from './projects.types.ts';
import type { PlanRollup, Spending } from './spending.types.ts';

export const PROJECTS_SCOPES = { write: 'projects:write', transfer: 'projects:transfer' } as const;

const Code = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,63}$', description: 'A territory code' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. BOB or VES' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A date, YYYY-MM-DD' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ProjectSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Union(PROJECT_KINDS.map((k) => Type.Literal(k))),
    title: Type.String(),
    description: Type.String(),
    territoryCode: Type.String(),
    territoryPath: Type.Array(Type.String()),
    circuitCode: Type.Union([Type.String(), Type.Null()], { description: 'The communal circuit (a feature of the layer `circuitos-comunales`) holding the project’s point' }),
    lat: Type.Union([Type.Number(), Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    executorTerritoryCode: Type.Union([Type.String(), Type.Null()]),
    executorAgencyCode: Type.Union([Type.String(), Type.Null()]),
    budgetMinor: Type.Integer({ description: 'Minor units of `currency`' }),
    currency: Type.String(),
    status: Type.Union(PROJECT_STATUSES.map((s) => Type.Literal(s))),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    source: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    planLineId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The strategic line of a plan (`/api/v1/plans`) the project serves' }),
    transferredMinor: Type.Optional(Type.Integer({ description: 'The sum of the project’s ledger entries' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Project' },
);

export const TransferSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    seq: Type.Integer({ description: 'Position in the ledger' }),
    projectId: Type.String({ format: 'uuid' }),
    kind: Type.Union([Type.Literal('deposit'), Type.Literal('correction')]),
    corrects: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The entry a correction corrects' }),
    amountMinor: Type.Integer({ description: 'Minor units; a correction carries the signed difference' }),
    currency: Type.String(),
    valueDate: Type.String(),
    bankName: Type.String(),
    accountReference: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    documentUrl: Type.Union([Type.String(), Type.Null()], { description: 'The supporting document, public' }),
    territoryCode: Type.String(),
    circuitCode: Type.Union([Type.String(), Type.Null()]),
    agencyCode: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Transfer' },
);

export const ProjectParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ProjectListQuery = Type.Object({
  territory: Type.Optional(Code),
  status: Type.Optional(Type.Union(PROJECT_STATUSES.map((s) => Type.Literal(s)))),
  kind: Type.Optional(Type.Union(PROJECT_KINDS.map((k) => Type.Literal(k)))),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
});

export const ProjectBodySchema = Type.Object({
  kind: Type.Union([Type.Literal('plan'), Type.Literal('subnational'), Type.Literal('agency')]),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  territoryCode: Code,
  lat: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  lon: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  executorTerritoryCode: Type.Optional(Nullable(Code)),
  executorAgencyCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z0-9_-]{2,40}$' }))),
  budgetMinor: Type.Integer({ minimum: 0 }),
  currency: Currency,
  milestones: Type.Optional(Type.Array(Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), dueOn: Type.Optional(Nullable(Day)) }), { maxItems: 50 })),
  planLine: Type.Optional(
    Type.Union([
      Type.Object(
        { plan: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }), line: Type.Integer({ minimum: 1, maximum: 100 }) },
        { description: 'The strategic line the project serves: the plan’s code and the line’s position (`/api/v1/plans`)' },
      ),
      Type.Null(),
    ]),
  ),
  budgetItems: Type.Optional(
    Type.Array(Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), source: Type.String({ minLength: 1, maxLength: 120 }), amountMinor: Type.Integer({ minimum: 0 }) }), {
      maxItems: 100,
      description: 'The budget by year and source (e.g. TGN, own resources, external credit); the items add up to `budgetMinor`',
    }),
  ),
});

export const ProgressBodySchema = Type.Object({
  status: Type.Union(PROJECT_STATUSES.map((s) => Type.Literal(s))),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
});

export const BankAccountBodySchema = Type.Object({
  bankName: Type.String({ minLength: 1, maxLength: 120 }),
  accountReference: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$' }),
  holderName: Type.String({ minLength: 1, maxLength: 200 }),
  territoryCode: Code,
});

export const BankAccountSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  bankName: Type.String(),
  accountReference: Type.String(),
  holderName: Type.String(),
  territoryCode: Type.String(),
});

export const TransferBodySchema = Type.Object({
  accountReference: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$', description: 'A communal bank account of the register' }),
  amountMinor: Type.Integer({ description: 'Minor units; positive for a deposit, the signed difference for a correction' }),
  currency: Currency,
  valueDate: Day,
  corrects: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The entry this one corrects' }))),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'Required for a correction' }))),
  document: Type.Optional(Nullable(Type.String({ maxLength: 7_000_000, description: 'The supporting document (PDF, PNG or JPEG), base64' }))),
});

export const TotalsQuery = Type.Object({
  by: Type.Union([Type.Literal('project'), Type.Literal('territory'), Type.Literal('circuit')]),
  territory: Type.Optional(Code),
});

export const TotalsSchema = Type.Object({
  by: Type.String(),
  totals: Type.Array(Type.Object({ key: Type.String(), currency: Type.String(), totalMinor: Type.Integer(), entries: Type.Integer() })),
});

export function toProjectBody(p: Project, transferredMinor?: number) {
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    description: p.description,
    territoryCode: p.territoryCode,
    territoryPath: p.territoryPath,
    circuitCode: p.circuitCode,
    lat: p.lat,
    lon: p.lon,
    executorTerritoryCode: p.executorTerritoryCode,
    executorAgencyCode: p.executorAgencyCode,
    budgetMinor: p.budgetMinor,
    currency: p.currency,
    status: p.status,
    progress: p.progress,
    source: p.source,
    planLineId: p.planLineId,
    ...(transferredMinor === undefined ? {} : { transferredMinor }),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function fileUrl(projectId: string, sha256: string | null): string | null {
  return sha256 ? `/proyectos/${projectId}/archivos/${sha256}` : null;
}

export function toTransferBody(t: Transfer) {
  return {
    id: t.id,
    seq: t.seq,
    projectId: t.projectId,
    kind: t.kind,
    corrects: t.correctsId,
    amountMinor: t.amountMinor,
    currency: t.currency,
    valueDate: t.valueDate,
    bankName: t.bankName,
    accountReference: t.accountReference,
    reason: t.reason,
    documentUrl: fileUrl(t.projectId, t.documentSha256),
    territoryCode: t.territoryCode,
    circuitCode: t.circuitCode,
    agencyCode: t.agencyCode,
    recordedAt: t.recordedAt.toISOString(),
  };
}

export const SpendingBodySchema = Type.Object({
  amountMinor: Type.Integer({ description: 'Minor units; positive for a payment, the signed difference for a correction' }),
  currency: Currency,
  valueDate: Day,
  source: Type.String({ minLength: 1, maxLength: 120, description: 'The budget source it is paid from: one of the project’s budget items’ sources, when it has any' }),
  description: Type.String({ minLength: 1, maxLength: 500, description: 'What was paid (a contract, an invoice)' }),
  corrects: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The entry this one corrects' }))),
});

export const SpendingSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    seq: Type.Integer(),
    projectId: Type.String({ format: 'uuid' }),
    kind: Type.Union([Type.Literal('payment'), Type.Literal('correction')]),
    corrects: Type.Union([Type.String(), Type.Null()]),
    amountMinor: Type.Integer(),
    currency: Type.String(),
    valueDate: Type.String(),
    source: Type.String(),
    description: Type.String(),
    agencyCode: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ProjectSpending' },
);

const MoneyTotals = Type.Array(Type.Object({ currency: Type.String(), budgetMinor: Type.Integer(), spentMinor: Type.Integer() }));

export const ProjectMoneySchema = Type.Object({
  budget: Type.Array(Type.Object({ year: Type.Integer(), source: Type.String(), amountMinor: Type.Integer() })),
  spending: Type.Array(Type.Ref('ProjectSpending')),
  spentMinor: Type.Integer({ description: 'The plain sum of the spending entries, corrections included' }),
});

export const PlanRollupSchema = Type.Object({
  plan: Type.String(),
  title: Type.String(),
  progress: Type.Union([Type.Number(), Type.Null()], { description: 'Budget-weighted mean of the projects’ progress (0–100)' }),
  totals: MoneyTotals,
  lines: Type.Array(
    Type.Object({
      lineId: Type.String({ format: 'uuid' }),
      position: Type.Integer(),
      title: Type.String(),
      progress: Type.Union([Type.Number(), Type.Null()]),
      totals: MoneyTotals,
      projects: Type.Array(
        Type.Object({
          id: Type.String({ format: 'uuid' }),
          title: Type.String(),
          budgetMinor: Type.Integer(),
          spentMinor: Type.Integer(),
          currency: Type.String(),
          progress: Type.Integer(),
          status: Type.String(),
        }),
      ),
    }),
  ),
});

export function toSpendingBody(s: Spending) {
  return {
    id: s.id,
    seq: s.seq,
    projectId: s.projectId,
    kind: s.kind,
    corrects: s.correctsId,
    amountMinor: s.amountMinor,
    currency: s.currency,
    valueDate: s.valueDate,
    source: s.source,
    description: s.description,
    agencyCode: s.agencyCode,
    recordedAt: s.recordedAt.toISOString(),
  };
}

export function toPlanRollupBody(r: PlanRollup) {
  return {
    plan: r.planCode,
    title: r.planTitle,
    progress: r.progress,
    totals: r.totals,
    lines: r.lines.map((l) => ({
      lineId: l.lineId,
      position: l.position,
      title: l.title,
      progress: l.progress,
      totals: l.totals,
      projects: l.projects.map((p) => ({ id: p.projectId, title: p.title, budgetMinor: p.budgetMinor, spentMinor: p.spentMinor, currency: p.currency, progress: p.progress, status: p.status })),
    })),
  };
}
