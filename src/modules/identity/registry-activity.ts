// "Mi actividad" for public registries: the registries module records here each read of a
// person's record by someone other than the person, in the read's own write.
import type { RawBuilder } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import { activityByDocumentStatement, insertActivity } from './account.queries.ts';

export interface RegistryReadActivity {
  /** The person whose record was read. */
  accountId: string;
  /** The registry's name (`personas`). */
  registry: string;
  /** The reading system (an OAuth client) and its agency; null for an official on a page. */
  clientId: string | null;
  agencyCode: string | null;
  /** The exchange message that carried the read (`X-Road-Id`), when it came through the exchange. */
  exchangeMessageId: string | null;
}

const detailOf = (read: Omit<RegistryReadActivity, 'accountId'>) => ({
  registry: read.registry,
  agencyCode: read.agencyCode,
  ...(read.exchangeMessageId ? { exchangeMessageId: read.exchangeMessageId } : {}),
});

export async function recordRegistryRead(db: Queryable, read: RegistryReadActivity): Promise<void> {
  await insertActivity(db, read.accountId, 'registry_read', read.clientId, detailOf(read));
}

/**
 * The same entries for the holders of these documents (a document no account holds: none), as
 * one data-modifying statement the registries module embeds in its usage log's single write.
 */
export function registryReadsStatement(country: string, reads: ReadonlyArray<Omit<RegistryReadActivity, 'accountId'> & { documentType: string; documentNumber: string }>): RawBuilder<unknown> {
  return activityByDocumentStatement(
    country,
    reads.map((r) => ({ documentType: r.documentType, documentNumber: r.documentNumber, kind: 'registry_read', clientId: r.clientId, detail: detailOf(r) })),
  );
}
