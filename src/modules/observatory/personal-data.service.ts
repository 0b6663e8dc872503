// What the Observatorio holds about a person ("Mis datos"): the yearly reports they filed for
// their entity and the evaluation notes they wrote. Both are official acts, kept.
import type { Deps, PersonalDataSection } from '../../platform/module.ts';
import { selectAccountRecords } from './observatory.queries.ts';

export async function findPersonalData(deps: Deps, accountId: string): Promise<PersonalDataSection[]> {
  const { reports, evaluations } = await selectAccountRecords(deps.db, accountId);
  return [
    { titleKey: 'observatory.personalData.reports', data: reports, keptKey: 'observatory.personalData.kept' },
    { titleKey: 'observatory.personalData.evaluations', data: evaluations, keptKey: 'observatory.personalData.kept' },
  ];
}
