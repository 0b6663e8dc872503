// Use cases of the offices directory: where each agency attends people in person.
import { readFileSync } from 'node:fs';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { getTerritory } from '../territories/index.ts';
import { findAgency } from './agency.queries.ts';
import type { Office, OfficeOpening } from './agency.types.ts';
import { validOpening } from './office-hours.ts';
import { findOffices, upsertOffice } from './office.queries.ts';

export async function listOffices(deps: Pick<Deps, 'db' | 'country'>, filter: { territoryCode?: string; agencyCode?: string } = {}): Promise<Office[]> {
  return findOffices(deps.db, deps.country.code, filter);
}

/** The offices with these codes (those that exist), for the pages that name them (a procedure's). */
export async function findOfficesByCode(deps: Pick<Deps, 'db' | 'country'>, codes: string[]): Promise<Map<string, Office>> {
  if (codes.length === 0) return new Map();
  return new Map((await findOffices(deps.db, deps.country.code, { codes })).map((o) => [o.code, o]));
}

export type OfficeInput = Omit<Office, 'territoryPath' | 'schedule'> & { schedule?: OfficeOpening[] };

/**
 * Creates or updates an office in one transaction with its audit entry and its event
 * (`agencies.office_saved`). Nothing is written when nothing changed.
 */
export async function saveOffice(deps: Pick<Deps, 'db' | 'country'>, input: OfficeInput, actor: AuditInput['actor'], requestId?: string): Promise<'created' | 'updated' | 'unchanged'> {
  if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(input.code)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/code', messageKey: 'agencies.errors.officeCode' }] });
  const agency = await findAgency(deps.db, input.agencyCode);
  if (!agency || agency.country !== deps.country.code) throw new AppError('AGENCY_NOT_FOUND', { params: { code: input.agencyCode } });
  const schedule = input.schedule ?? [];
  const wrong = schedule.findIndex((o) => !validOpening(o));
  if (wrong >= 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `/schedule/${wrong}`, messageKey: 'agencies.errors.officeSchedule' }] });
  const territory = await getTerritory(deps, input.territoryCode);
  const office: Office = { ...input, schedule, territoryPath: territory.path };
  return deps.db.transaction().execute(async (trx) => {
    const outcome = await upsertOffice(trx, office);
    if (outcome === 'unchanged') return outcome;
    await recordAudit(trx, {
      actor,
      action: outcome === 'created' ? 'agencies.office_created' : 'agencies.office_updated',
      subject: { type: 'office', id: office.code },
      data: { agencyCode: office.agencyCode, name: office.name, territoryCode: office.territoryCode, address: office.address, hours: office.hours, schedule: office.schedule },
      requestId,
    });
    await emitEvent(trx, 'agencies.office_saved', { code: office.code, outcome });
    return outcome;
  });
}

interface OfficeSeed {
  code: string;
  agency: string;
  name: string;
  territory: string;
  address: string;
  hours: string;
  schedule?: OfficeOpening[];
  phone?: string;
}

export async function seedOffices(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  const seeds = JSON.parse(readFileSync(new URL(`./demo/offices-${deps.country.code}.json`, import.meta.url), 'utf8')) as OfficeSeed[];
  for (const s of seeds) {
    await saveOffice(
      deps,
      { code: s.code, agencyCode: s.agency, name: s.name, territoryCode: s.territory, address: s.address, hours: s.hours, schedule: s.schedule ?? [], phone: s.phone ?? null },
      { type: 'system', id: 'seed' },
    );
  }
}
