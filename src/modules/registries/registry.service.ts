// Use cases of public registries: who may read and write a registry, records created and
// changed as new versions (who and why, audited), reads now or "as of" an instant, searches.
// Territorios is a read-only view over the (versioned) territories module.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getTerritoryAsOf, listTerritoriesAsOf, type TerritoryVersion } from '../territories/index.ts';
import { registryStats } from './registries.stats.ts';
import {
  appendVersion,
  findRecord,
  findRecordAsOf,
  findRepresentedUnitKeys,
  findVersions,
  insertRecordAudited,
  type RecordSearch,
  replaceRepresentatives,
  searchRecords,
  type VersionAuthor,
} from './registry.queries.ts';
import { type Content, findRegistry, ownerOf, REGISTRIES, REGISTRIES_READ, REGISTRIES_WRITE, type Reader, type RecordVersion, type RegistryDefinition, type RegistryRecord } from './registry.types.ts';
import { checkContent, normalizeKey } from './registry.validation.ts';
import { logReads } from './usage.service.ts';

/** Agency roles (identity's) whose holders maintain their agency's registries on the pages. */
export const KEEPER_ROLES = ['registrar', 'agency_admin'];

export function getRegistry(name: string, version?: string): RegistryDefinition {
  const registry = findRegistry(name, version);
  if (!registry) throw new AppError('REGISTRIES_NOT_FOUND', { params: { registry: name } });
  return registry;
}

/** Reading needs the machine right `registries:read` (any agency granted it) or to be of the owner agency. */
export function requireRead(deps: Pick<Deps, 'country'>, reader: Reader, registry: RegistryDefinition): void {
  if (reader.kind === 'client' && reader.scopes.includes(REGISTRIES_READ)) return;
  const owner = ownerOf(registry, deps.country);
  if (reader.kind === 'client' && owner && reader.agencyCode === owner && reader.scopes.includes(REGISTRIES_WRITE)) return;
  if (reader.kind === 'official' && owner && reader.agencyCodes.includes(owner)) return;
  throw new AppError('REGISTRIES_FORBIDDEN');
}

/** Writing is for the owner agency only: its system with `registries:write`, or its keepers. */
function requireWrite(deps: Pick<Deps, 'country'>, writer: Reader, registry: RegistryDefinition): Author {
  const owner = ownerOf(registry, deps.country);
  if (!owner) throw new AppError('REGISTRIES_READ_ONLY', { params: { registry: registry.name } });
  if (writer.kind === 'client' && writer.agencyCode === owner && writer.scopes.includes(REGISTRIES_WRITE)) {
    return { actorType: 'system', actorId: writer.clientId, agencyCode: owner, reason: '', actor: { type: 'client', id: writer.clientId } };
  }
  if (writer.kind === 'official' && writer.agencyCodes.includes(owner))
    return { actorType: 'official', actorId: writer.accountId, agencyCode: owner, reason: '', actor: { type: 'official', id: writer.accountId } };
  throw new AppError('REGISTRIES_FORBIDDEN');
}

function checked(deps: Pick<Deps, 'country'>, registry: RegistryDefinition, input: Content, partial = false) {
  const check = checkContent(registry, deps.country, input, { partial });
  if (check.errors.length > 0) throw new AppError('REGISTRIES_INVALID', { fields: check.errors });
  return check;
}

const sameContent = (a: Content, b: Content) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
const cleanReason = (reason: string | undefined, fallback: string) => (reason?.trim() || fallback).slice(0, 500);

export interface WriteOutcome {
  record: RegistryRecord;
  created: boolean;
  warnings: string[];
}

/**
 * Creates a record. The same content again (a retry, a parallel duplicate) answers the existing
 * record and writes nothing; other content under an existing key is a conflict.
 */
export async function createRecord(deps: Deps, writer: Reader, registry: RegistryDefinition, input: Content, options: { reason?: string; requestId?: string | null } = {}): Promise<WriteOutcome> {
  return createAs(deps, requireWrite(deps, writer, registry), registry, input, options);
}

type Author = VersionAuthor & { actor: { type: 'client' | 'official' | 'person'; id: string } };

/**
 * Empresa digital: a signed-in person registers an economic unit and becomes its legal
 * representative. A NIT/RIF already registered is `REGISTRIES_EXISTS` (the unit's
 * representatives are changed by its owner agency, not by whoever claims it).
 */
export async function registerUnitAsRepresentative(deps: Deps, person: { accountId: string; documentNumber: string }, input: Content, requestId: string | null): Promise<WriteOutcome> {
  const registry = REGISTRIES.unidades_economicas;
  const author: Author = {
    actorType: 'person',
    actorId: person.accountId,
    agencyCode: ownerOf(registry, deps.country),
    reason: 'registered by its representative (empresa digital)',
    actor: { type: 'person', id: person.accountId },
  };
  const outcome = await createAs(deps, author, registry, { ...input, status: 'activa', representatives: [person.documentNumber] }, { reason: author.reason, requestId });
  if (!outcome.created) throw new AppError('REGISTRIES_EXISTS', { params: { id: outcome.record.key } });
  return outcome;
}

async function createAs(deps: Deps, author: Author, registry: RegistryDefinition, input: Content, options: { reason?: string; requestId?: string | null }): Promise<WriteOutcome> {
  const { content, warnings } = checked(deps, registry, input);
  const key = String(content.id);
  const existing = await findRecord(deps.db, registry.name, { key });
  if (existing && !existing.deleted) {
    if (sameContent(existing.content, content)) return { record: existing, created: false, warnings };
    throw new AppError('REGISTRIES_EXISTS', { params: { id: key } });
  }
  if (existing)
    return {
      record: await changeRecord(deps, registry, existing, content, false, { ...author, reason: cleanReason(options.reason, 'created again') }, options.requestId ?? null),
      created: true,
      warnings,
    };
  const id = uuidv7();
  const reason = cleanReason(options.reason, 'created');
  const representatives = registry.name === 'unidades_economicas' ? ((content.representatives as string[] | undefined) ?? []) : [];
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const row = await insertRecordAudited(
      trx,
      { id, registry: registry.name, key, content },
      { ...author, reason },
      {
        audit: { actor: author.actor, action: 'registries.record_created', subject: { type: `registries.${registry.name}`, id }, data: { key, reason }, requestId: options.requestId ?? null },
        stats: [{ stat: registryStats.records, dims: { agency: author.agencyCode ?? 'none', registry: registry.name } }],
      },
    );
    if (row && representatives.length > 0) await replaceRepresentatives(trx, key, representatives);
    return row;
  });
  const record = await findRecord(deps.db, registry.name, { key });
  if (!record) throw new AppError('CONFLICT');
  if (inserted) return { record, created: true, warnings };
  // Another request created it first: the same content is this request's answer too.
  if (sameContent(record.content, content)) return { record, created: false, warnings };
  throw new AppError('REGISTRIES_EXISTS', { params: { id: key } });
}

async function changeRecord(deps: Deps, registry: RegistryDefinition, current: RegistryRecord, content: Content, deleted: boolean, author: Author, requestId: string | null): Promise<RegistryRecord> {
  const moved = await deps.db.transaction().execute(async (trx) => {
    if (!(await appendVersion(trx, current.uuid, current.version, { content, deleted }, author))) return false;
    if (registry.name === 'unidades_economicas') await replaceRepresentatives(trx, current.key, deleted ? [] : ((content.representatives as string[] | undefined) ?? []));
    await recordAudit(trx, {
      actor: author.actor,
      action: deleted ? 'registries.record_deleted' : 'registries.record_updated',
      subject: { type: `registries.${registry.name}`, id: current.uuid },
      data: { key: current.key, version: current.version + 1, reason: author.reason },
      requestId,
    });
    if (current.deleted && !deleted) await recordStat(trx, registryStats.records, { agency: author.agencyCode ?? 'none', registry: registry.name });
    return true;
  });
  // A change made in between: this one is refused rather than silently overwriting it.
  if (!moved) throw new AppError('REGISTRIES_CHANGED', { params: { id: current.key } });
  return (await findRecord(deps.db, registry.name, { uuid: current.uuid }))!;
}

/** The records a GovStack `query.content` designates: by `id` (the key), else by equal fields. */
export async function findByQuery(deps: Deps, registry: RegistryDefinition, query: Content, limit = 1): Promise<RegistryRecord[]> {
  if (registry.name === 'territorios') {
    const found = await listTerritoryRecords(deps, new Date(), { search: typeof query.id === 'string' ? query.id : undefined, limit: 200, offset: 0 });
    return found.records.filter((r) => Object.entries(query).every(([field, value]) => String(r.content[field]) === String(value))).slice(0, limit);
  }
  if (typeof query.id === 'string') {
    const key = normalizeKey(registry, deps.country, query.id);
    const record = key ? await findRecord(deps.db, registry.name, { key: key.key }) : undefined;
    const rest = Object.entries(query).filter(([field]) => field !== 'id');
    return record && !record.deleted && rest.every(([field, value]) => String(record.content[field]) === String(value)) ? [record] : [];
  }
  const equals = Object.fromEntries(
    Object.entries(query)
      .filter(([field, value]) => field in registry.fields && value !== undefined && value !== null)
      .map(([field, value]) => [field, String(value)]),
  );
  if (Object.keys(equals).length === 0) throw new AppError('REGISTRIES_INVALID', { fields: [{ field: '/query/content', messageKey: 'registries.errors.emptyQuery' }] });
  return (await searchRecords(deps.db, registry.name, { equals, limit, offset: 0 })).records;
}

/** Updates the one record the query designates with the fields written (merged onto its current version). */
export async function updateRecord(
  deps: Deps,
  writer: Reader,
  registry: RegistryDefinition,
  query: Content | undefined,
  write: Content,
  options: { reason?: string; requestId?: string | null } = {},
): Promise<RegistryRecord | undefined> {
  const author = requireWrite(deps, writer, registry);
  const [current] = await findByQuery(deps, registry, query ?? { id: write.id });
  if (!current) return undefined;
  const { content } = checked(deps, registry, { ...current.content, ...write });
  if (content.id !== current.key) throw new AppError('REGISTRIES_INVALID', { fields: [{ field: '/write/content/id', messageKey: 'registries.errors.keyChange' }] });
  if (sameContent(current.content, content)) return current;
  return changeRecord(deps, registry, current, content, false, { ...author, reason: cleanReason(options.reason, 'updated') }, options.requestId ?? null);
}

/** Deletes a record (a last version marked deleted: its history stays readable "as of"). */
export async function deleteRecord(deps: Deps, writer: Reader, registry: RegistryDefinition, id: string, options: { reason?: string; requestId?: string | null } = {}): Promise<boolean> {
  const author = requireWrite(deps, writer, registry);
  const key = normalizeKey(registry, deps.country, id);
  const byKey = key ? await findRecord(deps.db, registry.name, { key: key.key }) : undefined;
  const current = byKey ?? (/^[0-9a-f-]{36}$/i.test(id) ? await findRecord(deps.db, registry.name, { uuid: id }) : undefined);
  if (!current || current.deleted) return false;
  await changeRecord(deps, registry, current, current.content, true, { ...author, reason: cleanReason(options.reason, 'deleted') }, options.requestId ?? null);
  return true;
}

const territoryRecord = (t: TerritoryVersion): RegistryRecord => ({
  uuid: t.code,
  registry: 'territorios',
  key: t.code,
  version: t.version,
  content: { id: t.code, name: t.name, level: t.level, parentCode: t.parentCode, path: t.path, isCapital: t.isCapital },
  createdAt: t.validFrom,
  modifiedAt: t.validFrom,
  deleted: false,
});

async function listTerritoryRecords(deps: Deps, at: Date, q: { search?: string; limit: number; offset: number }) {
  const { items, total } = await listTerritoriesAsOf(deps, at, q);
  return { records: items.map(territoryRecord), total };
}

/** One record now or as of an instant, by key or uuid; undefined when none (or deleted then). */
export async function readRecord(deps: Deps, registry: RegistryDefinition, id: string, at?: Date): Promise<RegistryRecord | undefined> {
  if (registry.name === 'territorios') {
    const version = await getTerritoryAsOf(deps, id, at ?? new Date());
    return version ? territoryRecord(version) : undefined;
  }
  const key = normalizeKey(registry, deps.country, id);
  let record: RegistryRecord | undefined;
  if (key) record = at ? await findRecordAsOf(deps.db, registry.name, key.key, at) : await findRecord(deps.db, registry.name, { key: key.key });
  if (!record && !at && /^[0-9a-f-]{36}$/i.test(id)) record = await findRecord(deps.db, registry.name, { uuid: id });
  return record && !record.deleted ? record : undefined;
}

export async function recordHistory(deps: Deps, record: RegistryRecord): Promise<RecordVersion[]> {
  return findVersions(deps.db, record.uuid);
}

export async function listRecords(deps: Deps, registry: RegistryDefinition, q: RecordSearch): Promise<{ records: RegistryRecord[]; total: number }> {
  if (registry.name === 'territorios') return listTerritoryRecords(deps, new Date(), q);
  for (const field of [...Object.keys(q.equals ?? {}), ...(q.orderBy ? [q.orderBy] : [])]) {
    if (!(field in registry.fields)) throw new AppError('REGISTRIES_INVALID', { fields: [{ field, messageKey: 'registries.errors.unknownField', params: { field } }] });
  }
  return searchRecords(deps.db, registry.name, q);
}

/** Demo and import path: records written by the platform itself (no grant), skipped when the key exists. */
export async function seedRecords(deps: Deps, registry: RegistryDefinition, contents: Content[], reason: string): Promise<number> {
  let created = 0;
  for (const input of contents) {
    const { content } = checked(deps, registry, input);
    const key = String(content.id);
    if (await findRecord(deps.db, registry.name, { key })) continue;
    const id = uuidv7();
    const owner = ownerOf(registry, deps.country);
    const representatives = registry.name === 'unidades_economicas' ? ((content.representatives as string[] | undefined) ?? []) : [];
    await deps.db.transaction().execute(async (trx) => {
      const row = await insertRecordAudited(
        trx,
        { id, registry: registry.name, key, content },
        { actorType: 'system', actorId: 'seed', agencyCode: owner, reason },
        {
          audit: { actor: { type: 'system', id: 'seed' }, action: 'registries.record_created', subject: { type: `registries.${registry.name}`, id }, data: { key, reason } },
          stats: [{ stat: registryStats.records, dims: { agency: owner ?? 'none', registry: registry.name } }],
        },
      );
      if (row) {
        created += 1;
        if (representatives.length > 0) await replaceRepresentatives(trx, key, representatives);
      }
    });
  }
  return created;
}

/** The units a person represents (by their document number), current and not deleted: "act for". */
export async function unitsRepresentedBy(deps: Deps, documentNumber: string): Promise<RegistryRecord[]> {
  const keys = await findRepresentedUnitKeys(deps.db, documentNumber);
  const found = await Promise.all(keys.map((key) => findRecord(deps.db, 'unidades_economicas', { key })));
  return found.filter((r): r is RegistryRecord => r !== undefined && !r.deleted);
}

/** An economic unit's registered name (public), or undefined when no such unit is current. */
export async function economicUnitName(deps: Pick<Deps, 'db'>, key: string): Promise<string | undefined> {
  const unit = await findRecord(deps.db, 'unidades_economicas', { key });
  return unit && !unit.deleted && typeof unit.content.name === 'string' ? unit.content.name : undefined;
}

/**
 * Empresa digital: the unit a person acts for. `chosen` (the unit chosen for the session at
 * /empresa, cookie `tambo_actuar`) when they still represent it; with `orFirst` (a form prefilled
 * with `{unit}`), else the first unit they represent; undefined when signed out or acting as themselves.
 */
export async function actingFor(deps: Deps, person: { documentNumber: string } | undefined, chosen: string | undefined, options: { orFirst?: boolean } = {}): Promise<RegistryRecord | undefined> {
  if (!person || (!chosen && !options.orFirst)) return undefined;
  const units = await unitsRepresentedBy(deps, person.documentNumber);
  return units.find((u) => u.key === chosen) ?? (options.orFirst ? units[0] : undefined);
}

/** A read by an agency's system as the API makes it (grant checked, read logged): for bench/registries.ts. */
export async function readRegistryRecordAsClient(deps: Deps, reader: Reader, registryName: string, id: string): Promise<RegistryRecord | undefined> {
  const registry = getRegistry(registryName);
  requireRead(deps, reader, registry);
  const record = await readRecord(deps, registry, id);
  if (record) await logReads(deps, reader, registry, [record], 'read');
  return record;
}
