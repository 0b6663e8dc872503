// What public registries hold about a person ("Mis datos"): their record in the persons
// registry (the civil-status facts, kept: the registry is their master) and the log of who
// read it (kept).
import type { PersonalDataDeclaration } from '../../platform/contract/contract.types.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccount } from '../identity/index.ts';
import { findRecord, findUsage } from './registry.queries.ts';

async function find(deps: Deps, accountId: string) {
  const account = await findAccount(deps, accountId);
  const record = account ? await findRecord(deps.db, 'personas', { key: account.documentNumber }) : undefined;
  if (!record || record.deleted) return [];
  const usage = await findUsage(deps.db, 'personas', record.key, 100);
  return [
    { titleKey: 'registries.personalData.record', data: [record.content], keptKey: 'registries.personalData.keptRecord' },
    {
      titleKey: 'registries.personalData.usage',
      data: usage.map((u) => ({ occurred_at: u.occurredAt.toISOString(), reader_agency: u.readerAgency, reader_id: u.readerId, operation: u.operation, xroad_id: u.xroadId })),
      keptKey: 'registries.personalData.keptUsage',
    },
  ];
}

export const registriesPersonalData: PersonalDataDeclaration = {
  titleKey: 'registries.personalData.module',
  legalBasisKey: 'registries.personalData.legalBasis',
  purposeKey: 'registries.personalData.purpose',
  retentionKey: 'registries.personalData.retention',
  fieldKeys: {
    occurred_at: 'registries.personalData.field.occurredAt',
    reader_agency: 'registries.personalData.field.readerAgency',
    reader_id: 'registries.personalData.field.readerId',
    operation: 'registries.personalData.field.operation',
    xroad_id: 'registries.personalData.field.xroadId',
  },
  find,
};
