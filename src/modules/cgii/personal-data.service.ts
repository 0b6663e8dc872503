// "Mis datos" (docs/cgii.md#personal-data): what the CGII holds about a person: the incidents
// they reported as an entity's security contact, what they wrote in incidents' records, the
// evidence they uploaded or read (the chain of custody) and the vulnerability reports they sent
// while signed in, and the advisories and plans records that name them (first reads of
// advisories, plans filed, products declared, observations written). All kept: they are the
// record of the incidents and of their custody, and of the advisories and plans.
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { custodyOf, disclosuresBy, incidentsReportedBy, notesWrittenBy } from './cgii.queries.ts';
import { advisoryAndPlanRecordsOf } from './plan.queries.ts';

const field = (name: string) => `cgii.personalData.field.${name}`;

export const cgiiPersonalData: PersonalDataDeclaration = {
  titleKey: 'cgii.personalData.module',
  legalBasisKey: 'cgii.personalData.legalBasis',
  purposeKey: 'cgii.personalData.purpose',
  retentionKey: 'cgii.personalData.retention',
  fieldKeys: Object.fromEntries(
    [
      ['code', 'code'],
      ['agency_code', 'agency'],
      ['title', 'title'],
      ['detected_at', 'detectedAt'],
      ['reported_at', 'reportedAt'],
      ['personal_data', 'personalData'],
      ['status', 'status'],
      ['kind', 'kind'],
      ['tlp', 'tlp'],
      ['body', 'body'],
      ['created_at', 'createdAt'],
      ['sha256', 'sha256'],
      ['action', 'action'],
      ['at', 'at'],
      ['reporter_name', 'reporterName'],
      ['reporter_contact', 'reporterContact'],
      ['system', 'system'],
      ['encrypted', 'encrypted'],
      ['credit_as', 'creditAs'],
      ['answer', 'answer'],
      ['received_at', 'receivedAt'],
      ['answered_at', 'answeredAt'],
    ].map(([column, key]) => [column!, field(key!)]),
  ),
  find: async (deps, accountId) => [
    { titleKey: 'cgii.personalData.incidents', data: await incidentsReportedBy(deps.db, accountId), keptKey: 'cgii.personalData.kept' },
    { titleKey: 'cgii.personalData.notes', data: await notesWrittenBy(deps.db, accountId), keptKey: 'cgii.personalData.kept' },
    { titleKey: 'cgii.personalData.custody', data: await custodyOf(deps.db, accountId), keptKey: 'cgii.personalData.keptCustody' },
    { titleKey: 'cgii.personalData.disclosures', data: await disclosuresBy(deps.db, accountId), keptKey: 'cgii.personalData.kept' },
    { titleKey: 'cgii.personalData.advisoriesPlans', data: await advisoryAndPlanRecordsOf(deps.db, accountId), keptKey: 'cgii.personalData.kept' },
  ],
};
