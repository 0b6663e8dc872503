// "Mi actividad" for public registries: the registries module records here each read of a
// person's record by someone other than the person, in the read's own transaction.
import type { Queryable } from '../../platform/db/index.ts';
import { insertActivity } from './account.queries.ts';

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

export async function recordRegistryRead(db: Queryable, read: RegistryReadActivity): Promise<void> {
  await insertActivity(db, read.accountId, 'registry_read', read.clientId, {
    registry: read.registry,
    agencyCode: read.agencyCode,
    ...(read.exchangeMessageId ? { exchangeMessageId: read.exchangeMessageId } : {}),
  });
}
