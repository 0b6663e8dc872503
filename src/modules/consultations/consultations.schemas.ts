// TypeBox schemas of the consultations API (in the OpenAPI document).
import { Type } from 'typebox';
import { phaseAt, type Consultation, type Proposal, type Unit } from './consultations.types.ts';
import type { UnitResults } from './results.service.ts';

export const VOTE_SCOPE = 'consultations:vote';

export const ConsultationParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9-]{2,80}$', description: 'The consultation’s id (uuid) or its slug' }) });

const date = Type.String({ format: 'date-time' });

export const ConsultationSummarySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String(),
    title: Type.String(),
    phase: Type.Union(['proposals', 'review', 'voting', 'results', 'execution'].map((p) => Type.Literal(p))),
    ballotRule: Type.Union([Type.Literal('approval'), Type.Literal('knapsack')], {
      description: 'approval: between approvalMin and approvalMax proposals; knapsack: any set within the unit’s budget',
    }),
    approvalMin: Type.Integer(),
    approvalMax: Type.Integer(),
    resultMethod: Type.Union([Type.Literal('greedy'), Type.Literal('mes')], { description: 'greedy approval within the budget, or the method of equal shares (docs/consulta-popular.md)' }),
    currency: Type.String(),
    minLevel: Type.String({ description: 'Minimum identity level to vote' }),
    votingOpenAt: date,
    votingCloseAt: date,
    resultsPublishedAt: Type.Union([date, Type.Null()]),
  },
  { $id: 'ConsultationSummary' },
);

export const ConsultationSchema = Type.Object(
  {
    consultation: Type.Ref('ConsultationSummary'),
    description: Type.String(),
    phases: Type.Object({ proposalsOpenAt: date, reviewOpenAt: date, votingOpenAt: date, votingCloseAt: date, executionOpenAt: date }),
    units: Type.Array(Type.Object({ code: Type.String(), layerCode: Type.Union([Type.String(), Type.Null()]), name: Type.String(), budgetMinor: Type.Integer() })),
    proposals: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        number: Type.Integer({ description: 'Order of proposal (the tie-break after cost)' }),
        unitCode: Type.String(),
        title: Type.String(),
        description: Type.String(),
        costMinor: Type.Integer(),
        lat: Type.Union([Type.Number(), Type.Null()]),
        lon: Type.Union([Type.Number(), Type.Null()]),
        review: Type.Object({ status: Type.Union([Type.Literal('pending'), Type.Literal('viable'), Type.Literal('not_viable')]), reason: Type.Union([Type.String(), Type.Null()]) }),
      }),
    ),
  },
  { $id: 'Consultation' },
);

export const BallotBody = Type.Object(
  {
    choices: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100, description: 'The ids of the chosen proposals (viable ones of the voter’s unit)' }),
    receipt: Type.Optional(Type.String({ maxLength: 100, description: 'To change a ballot already cast: the receipt given when it was cast' })),
  },
  { additionalProperties: false },
);

export const BallotAnswer = Type.Object({
  receiptId: Type.Union([Type.String(), Type.Null()]),
  receipt: Type.Union([Type.String(), Type.Null()], { description: 'Given once, when the ballot is cast: keep it to check and to change the ballot. Null on a change or an idempotent replay' }),
  status: Type.Union([Type.Literal('cast'), Type.Literal('changed'), Type.Literal('replayed')]),
});

export const ResultsSchema = Type.Object(
  {
    consultationId: Type.String({ format: 'uuid' }),
    method: Type.String(),
    tieBreak: Type.String(),
    units: Type.Array(
      Type.Object({
        unitCode: Type.String(),
        unitName: Type.String(),
        budgetMinor: Type.Integer(),
        leftMinor: Type.Integer(),
        ballots: Type.Integer(),
        proposals: Type.Array(Type.Object({ proposalId: Type.String(), title: Type.String(), costMinor: Type.Integer(), votes: Type.Integer(), funded: Type.Boolean(), rank: Type.Integer() })),
      }),
    ),
  },
  { $id: 'ConsultationResults' },
);

export function toSummary(c: Consultation, now = new Date()) {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    phase: phaseAt(c, now),
    ballotRule: c.ballotRule,
    approvalMin: c.approvalMin,
    approvalMax: c.approvalMax,
    resultMethod: c.resultMethod,
    currency: c.currency,
    minLevel: c.minLevel,
    votingOpenAt: c.votingOpenAt.toISOString(),
    votingCloseAt: c.votingCloseAt.toISOString(),
    resultsPublishedAt: c.resultsPublishedAt?.toISOString() ?? null,
  };
}

export function toDetail(view: { consultation: Consultation; units: Unit[]; proposals: Proposal[] }) {
  const c = view.consultation;
  return {
    consultation: toSummary(c),
    description: c.description,
    phases: {
      proposalsOpenAt: c.proposalsOpenAt.toISOString(),
      reviewOpenAt: c.reviewOpenAt.toISOString(),
      votingOpenAt: c.votingOpenAt.toISOString(),
      votingCloseAt: c.votingCloseAt.toISOString(),
      executionOpenAt: c.executionOpenAt.toISOString(),
    },
    units: view.units,
    proposals: view.proposals.map((p) => ({
      id: p.id,
      number: p.seq,
      unitCode: p.unitCode,
      title: p.title,
      description: p.description,
      costMinor: p.costMinor,
      lat: p.lat,
      lon: p.lon,
      review: { status: p.reviewStatus, reason: p.reviewReason },
    })),
  };
}

export function toResults(consultation: Consultation, units: UnitResults[]) {
  return {
    consultationId: consultation.id,
    method: consultation.resultMethod,
    tieBreak: 'lower cost first, then the earlier proposal',
    units: units.map((u) => ({ ...u, proposals: u.proposals.map((p) => ({ ...p })) })),
  };
}
