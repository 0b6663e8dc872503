// The usage log: every read of a record by someone other than its subject is kept (the
// registry's usage log, GovStack's "personal data usage"); a read of a person's record also
// goes to that person's "Mi actividad", in the same transaction, with the exchange message
// (`X-Road-Id`) that carried it.
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { deltasInsert } from '../../platform/stats/stats.queries.ts';
import { statDelta } from '../../platform/stats/stats.ts';
import { registryReadsStatement } from '../identity/index.ts';
import { registryStats } from './registries.stats.ts';
import { findUsage, insertUsageWith, type NewUsage } from './registry.queries.ts';
import type { Reader, RegistryDefinition, RegistryRecord, UsageEntry } from './registry.types.ts';
import { normalizeKey } from './registry.validation.ts';

/**
 * Records the reads of these records by a reader (none when the reader is the record's own
 * person): the usage log, the persons' "Mi actividad" and the reads figure, in one statement.
 */
export async function logReads(deps: Deps, reader: Reader, registry: RegistryDefinition, records: RegistryRecord[], operation: NewUsage['operation']): Promise<void> {
  // Territories are public facts kept by their own module: nothing to log.
  if (reader.kind === 'person' || records.length === 0 || !registry.keyDocument) return;
  const agency = reader.kind === 'client' ? reader.agencyCode : (reader.agencyCodes[0] ?? null);
  const client = reader.kind === 'client' ? reader : undefined;
  const documentType = registry.keyDocument[deps.country.code as 'bo' | 've'];
  const activity = registry.personal
    ? [
        registryReadsStatement(
          deps.country.code,
          records.map((r) => ({ documentType, documentNumber: r.key, registry: registry.name, clientId: client?.clientId ?? null, agencyCode: agency, exchangeMessageId: client?.xroadId ?? null })),
        ),
      ]
    : [];
  const stat = deltasInsert([statDelta(registryStats.reads, { agency: agency ?? 'none', registry: registry.name }, records.length)]);
  await insertUsageWith(
    deps.db,
    records.map((r) => ({
      registry: registry.name,
      recordId: r.uuid,
      recordKey: r.key,
      operation,
      readerType: reader.kind,
      readerId: client ? client.clientId : (reader as { accountId: string }).accountId,
      readerAgency: agency,
      readerName: null,
      xroadClient: client?.xroadClient ?? null,
      xroadId: client?.xroadId ?? null,
    })),
    [...activity, stat],
  );
}

/**
 * GovStack's `mypersonalDataUsage`: the reads of the person's own record. `userId` is their
 * document number (another person's: 403; not a document number: 400).
 */
export async function myPersonalDataUsage(deps: Deps, reader: Reader, registry: RegistryDefinition, userId: string): Promise<UsageEntry[]> {
  if (reader.kind !== 'person') throw new AppError('REGISTRIES_FORBIDDEN');
  const key = normalizeKey(registry, deps.country, userId);
  if (!key)
    throw new AppError('REGISTRIES_INVALID', {
      fields: [{ field: 'userId', messageKey: 'registries.errors.key', params: { document: registry.keyDocument?.[deps.country.code as 'bo' | 've'] ?? 'id' } }],
    });
  if (key.key !== reader.documentNumber) throw new AppError('REGISTRIES_FORBIDDEN');
  return findUsage(deps.db, registry.name, key.key);
}

/** The reads of a person's record (their "Mis datos"). */
export const usageOfRecord = (deps: Pick<Deps, 'db'>, registry: string, key: string) => findUsage(deps.db, registry, key);
