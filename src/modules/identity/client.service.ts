// Clients as the provider's pages and start-up need them: the platform's own first-party
// clients (registered at every start), lookups, and the consent a person gives a client.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/module.ts';
import { insertActivity } from './account.queries.ts';
import { cachedClient, cachedConsent } from './auth-cache.ts';
import { findClients, upsertClient, upsertConsent, type Consent } from './client.queries.ts';
import type { Client } from './client.types.ts';

/** Registers (or brings up to date) one of the platform's own clients, as this start declares it. */
export async function ensureFirstPartyClient(deps: Pick<Deps, 'db'>, client: Omit<Client, 'isFirstParty' | 'isActive' | 'rights'>): Promise<void> {
  await upsertClient(deps.db, { ...client, isFirstParty: true, isActive: true });
}

/** The client as the sign-in pages show it (identity's per-process cache, dropped on change through the bus). */
export async function getClientById(deps: Pick<Deps, 'db' | 'bus' | 'config'>, clientId: string): Promise<Client | undefined> {
  return cachedClient(deps, clientId);
}

/** Every client's name by client id (first-party ones included), to label sessions. */
export async function clientNames(deps: Pick<Deps, 'db'>): Promise<Record<string, string>> {
  return Object.fromEntries((await findClients(deps.db)).map((c) => [c.clientId, c.name]));
}

/** The consent the person gave this client and has not revoked. */
export async function findConsent(deps: Pick<Deps, 'db' | 'bus' | 'config'>, accountId: string, clientId: string): Promise<Consent | undefined> {
  return cachedConsent(deps, accountId, clientId);
}

/** The person allowed the client these scopes: recorded, in their activity, and audited, at once. */
export async function recordConsent(deps: Pick<Deps, 'db'>, input: { accountId: string; clientId: string; scopes: string[]; requestId: string }): Promise<void> {
  const { accountId, clientId, scopes } = input;
  await deps.db.transaction().execute(async (trx) => {
    await upsertConsent(trx, accountId, clientId, scopes);
    await insertActivity(trx, accountId, 'consent_granted', clientId, { scopes });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'identity.consent_granted',
      subject: { type: 'account', id: accountId },
      data: { clientId, scopes },
      requestId: input.requestId,
    });
  });
}
