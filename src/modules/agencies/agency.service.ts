// Use cases of the agencies directory.
import { readFileSync } from 'node:fs';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import { topicCache } from '../../platform/cache/topic-cache.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { getTerritory } from '../territories/index.ts';
import { findAgencies, findAgency, findAgencyVersions, upsertAgency } from './agency.queries.ts';
import { AGENCY_KINDS, AGENCY_LEVELS, type Agency, type AgencyKind, type AgencyLevel, type AgencyVersion, defaultLevel } from './agency.types.ts';

/**
 * Agencies by code as every write path reads them (a report's routing, a message's sender):
 * kept in each process and forgotten in all of them through the bus (`agencies.changed`)
 * when `saveAgency` changes one. The module listens at start (module.ts).
 */
export const agencyCache = topicCache<Agency | undefined>('agencies.changed');

export async function getAgency(deps: Pick<Deps, 'db'>, code: string): Promise<Agency> {
  const agency = await agencyCache.get(deps.db, code, () => findAgency(deps.db, code));
  if (!agency) throw new AppError('AGENCY_NOT_FOUND', { params: { code } });
  return { ...agency };
}

export async function listAgencies(deps: Pick<Deps, 'db' | 'country'>, kind?: AgencyKind, levels?: readonly AgencyLevel[]): Promise<Agency[]> {
  return findAgencies(deps.db, deps.country.code, { kind, levels });
}

/** The register's history of an entity, newest version first. */
export async function agencyHistory(deps: Pick<Deps, 'db'>, code: string): Promise<AgencyVersion[]> {
  await getAgency(deps, code);
  return findAgencyVersions(deps.db, code);
}

/** What saveAgency takes: the register's fields beyond kind and superior are optional (a level from the kind). */
export type AgencyInput = Omit<Agency, 'country' | 'superiorCode' | 'level' | 'legalBasis' | 'contactEmail' | 'contactPhone' | 'egovOfficer'> &
  Partial<Pick<Agency, 'superiorCode' | 'level' | 'legalBasis' | 'contactEmail' | 'contactPhone' | 'egovOfficer'>>;

/**
 * Creates or updates an agency in one transaction with its audit entry and its event
 * (`agencies.agency_saved`). Nothing is written when nothing changed.
 */
export async function saveAgency(deps: Pick<Deps, 'db' | 'country'>, input: AgencyInput, actor: AuditInput['actor'], requestId?: string): Promise<'created' | 'updated' | 'unchanged'> {
  if (!AGENCY_KINDS.includes(input.kind)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/kind', messageKey: 'agencies.errors.kind' }] });
  if (input.level && !AGENCY_LEVELS.includes(input.level)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/level', messageKey: 'agencies.errors.level' }] });
  if (input.territoryCode) await getTerritory(deps, input.territoryCode);
  if (input.superiorCode && (input.superiorCode === input.code || !(await findAgency(deps.db, input.superiorCode)))) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/superiorCode', messageKey: 'agencies.errors.superior' }] });
  }
  const agency: Agency = {
    ...input,
    superiorCode: input.superiorCode ?? null,
    level: input.level ?? defaultLevel(input.kind, input.name),
    legalBasis: input.legalBasis ?? '',
    contactEmail: input.contactEmail ?? null,
    contactPhone: input.contactPhone ?? null,
    egovOfficer: input.egovOfficer ?? null,
    country: deps.country.code,
  };
  const actorName = `${actor.type}:${actor.id ?? ''}`;
  return deps.db.transaction().execute(async (trx) => {
    const outcome = await upsertAgency(trx, agency, actorName);
    if (outcome === 'unchanged') return outcome;
    await agencyCache.changed(trx);
    await recordAudit(trx, {
      actor,
      action: outcome === 'created' ? 'agencies.agency_created' : 'agencies.agency_updated',
      subject: { type: 'agency', id: agency.code },
      data: { name: agency.name, kind: agency.kind, level: agency.level, territoryCode: agency.territoryCode, superiorCode: agency.superiorCode },
      requestId,
    });
    await emitEvent(trx, 'agencies.agency_saved', { code: agency.code, outcome });
    return outcome;
  });
}

interface AgencySeed {
  code: string;
  name: string;
  acronym: string;
  kind: AgencyKind;
  territory: string | null;
  mission: string;
  /** Code of the superior agency, listed earlier in the file. */
  superior?: string;
  level: AgencyLevel;
  legalBasis?: string;
  contactEmail?: string;
  egovOfficer?: string;
}

export function demoAgencies(country: 'bo' | 've'): AgencySeed[] {
  return JSON.parse(readFileSync(new URL(`./demo/agencies-${country}.json`, import.meta.url), 'utf8')) as AgencySeed[];
}

export async function seedAgencies(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  for (const seed of demoAgencies(deps.country.code)) {
    await saveAgency(
      deps,
      {
        code: seed.code,
        name: seed.name,
        acronym: seed.acronym,
        kind: seed.kind,
        territoryCode: seed.territory,
        mission: seed.mission,
        superiorCode: seed.superior ?? null,
        level: seed.level,
        legalBasis: seed.legalBasis ?? '',
        contactEmail: seed.contactEmail ?? null,
        egovOfficer: seed.egovOfficer ?? null,
      },
      { type: 'system', id: 'seed' },
    );
  }
}
