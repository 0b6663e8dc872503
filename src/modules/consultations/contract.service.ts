// The module contract of the Consulta Popular: open data (the anonymous ballots after the
// close, the receipt list, the results) and "Mis datos" (where a person voted, never what).
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { OpenDatasetDeclaration } from '../../platform/contract/contract.types.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { listBallots, listConsultationRows, listPollBookOf, listProposalsOf, listReceipts, listResultRows } from './consultations.queries.ts';

export const consultationsOpenData: OpenDatasetDeclaration[] = [
  {
    id: 'ballots',
    titleKey: 'consultations.openData.ballots',
    descriptionKey: 'consultations.openData.ballotsDescription',
    schema: {
      type: 'object',
      properties: { consultation_id: { type: 'string' }, unit_code: { type: 'string' }, choices: { type: 'string', description: 'The chosen proposals’ ids, separated by spaces' } },
    },
    refresh: 'live',
    rows: async (deps) => {
      const closed = (await listConsultationRows(deps.dbRead)).filter((c) => c.votingCloseAt.getTime() <= Date.now());
      const out: Array<Record<string, unknown>> = [];
      for (const c of closed) for (const b of await listBallots(deps.dbRead, c.id)) out.push({ consultation_id: c.id, unit_code: b.unitCode, choices: b.choices.join(' ') });
      return out;
    },
  },
  {
    id: 'receipts',
    titleKey: 'consultations.openData.receipts',
    descriptionKey: 'consultations.openData.receiptsDescription',
    schema: { type: 'object', properties: { consultation_id: { type: 'string' }, receipt_id: { type: 'string' }, commitment: { type: 'string' } } },
    refresh: 'live',
    rows: async (deps) => (await listReceipts(deps.dbRead)).map((r) => ({ consultation_id: r.consultationId, receipt_id: r.receiptId, commitment: r.commitment })),
  },
  {
    id: 'results',
    titleKey: 'consultations.openData.results',
    descriptionKey: 'consultations.openData.resultsDescription',
    schema: {
      type: 'object',
      properties: {
        consultation_id: { type: 'string' },
        unit_code: { type: 'string' },
        proposal_id: { type: 'string' },
        votes: { type: 'integer' },
        funded: { type: 'boolean' },
        rank: { type: 'integer' },
      },
    },
    refresh: 'live',
    rows: async (deps) => {
      const out: Array<Record<string, unknown>> = [];
      for (const c of await listConsultationRows(deps.dbRead)) {
        for (const r of await listResultRows(deps.dbRead, c.id)) out.push({ consultation_id: c.id, unit_code: r.unitCode, proposal_id: r.proposalId, votes: r.votes, funded: r.funded, rank: r.rank });
      }
      return out;
    },
  },
];

export const consultationsPersonalData: PersonalDataDeclaration = {
  titleKey: 'consultations.personalData.module',
  legalBasisKey: 'consultations.personalData.legalBasis',
  purposeKey: 'consultations.personalData.purpose',
  retentionKey: 'consultations.personalData.retention',
  fieldKeys: {
    consultation: 'consultations.personalData.consultation',
    unit_code: 'consultations.personalData.unit',
    channel: 'consultations.personalData.channel',
    voted_on: 'consultations.personalData.votedOn',
    title: 'consultations.personalData.proposalTitle',
    description: 'consultations.personalData.proposalDescription',
    cost_minor: 'consultations.personalData.cost',
    review_status: 'consultations.personalData.reviewStatus',
    review_reason: 'consultations.personalData.reviewReason',
    created_at: 'consultations.personalData.submittedAt',
  },
  valueKeys: { review_status: 'consultations.review.' },
  find: async (deps, accountId) => [
    { titleKey: 'consultations.personalData.pollBook', data: asPlainJson(await listPollBookOf(deps.db, accountId)), keptKey: 'consultations.personalData.kept' },
    { titleKey: 'consultations.personalData.proposals', data: asPlainJson(await listProposalsOf(deps.db, accountId)), keptKey: 'consultations.personalData.keptProposals' },
  ],
};
