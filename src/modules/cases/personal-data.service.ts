// cases' `personalData` declaration: the person's cases and drafts. Drafts (never filed) can
// be erased; filed cases are administrative records and are kept.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { deleteDrafts, findCaseData, findDraftData } from './personal-data.queries.ts';

export const casesPersonalData: PersonalDataDeclaration = {
  titleKey: 'cases.personalData.module',
  legalBasisKey: 'cases.personalData.legalBasis',
  purposeKey: 'cases.personalData.purpose',
  retentionKey: 'cases.personalData.retention',
  fieldKeys: {
    tracking_code: 'cases.personalData.field.trackingCode',
    procedure_name: 'cases.personalData.field.procedureName',
    agency_code: 'cases.personalData.field.agencyCode',
    state: 'cases.personalData.field.state',
    outcome: 'cases.personalData.field.outcome',
    answers: 'cases.personalData.field.answers',
    channel: 'cases.personalData.field.channel',
    submitted_at: 'cases.personalData.field.submittedAt',
    due_date: 'cases.personalData.field.dueDate',
    decided_at: 'cases.personalData.field.decidedAt',
    satisfaction: 'cases.personalData.field.satisfaction',
    satisfaction_comment: 'cases.personalData.field.satisfactionComment',
    version_id: 'cases.personalData.field.versionId',
    created_at: 'cases.personalData.field.createdAt',
    updated_at: 'cases.personalData.field.updatedAt',
  },
  find: async (deps, accountId) => [
    { titleKey: 'cases.personalData.cases', data: asPlainJson(await findCaseData(deps.db, accountId)), keptKey: 'cases.personalData.keptCases' },
    { titleKey: 'cases.personalData.drafts', data: asPlainJson(await findDraftData(deps.db, accountId)), erasable: true },
  ],
  eraseKey: 'cases.personalData.erase',
  erase: async (_deps, accountId, trx) => deleteDrafts(trx, accountId),
};
