// The lifecycle of the provider's signing keys, which are the platform keyring's
// (src/platform/keys/keyring.ts; scripts/rotate-keys.ts and /admin/llaves; procedure in
// docs/identity-operations.md). Every change is audited.
import { recordAudit, type ActorType } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/index.ts';
import { activateSigningKey, addSigningKey as addPlatformKey, listSigningKeys as listPlatformKeys, retireKey as retirePlatformKey } from '../../../platform/keys/keyring.ts';
import { auditActor, type Staff } from '../admin.policy.ts';
import { requireClientAdmin } from './common.ts';

export interface SigningKeyRow {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
}

const KEYS_ACTOR = { type: 'system' as const, id: 'keys:rotate' };

/** Who acts on the keys: the script (no staff), or a platform administrator on /admin/llaves. */
function keysActor(staff: Staff | undefined): { type: ActorType; id: string } {
  if (!staff) return KEYS_ACTOR;
  requireClientAdmin(staff);
  return auditActor(staff);
}

export async function listSigningKeys(db: Database, staff?: Staff): Promise<SigningKeyRow[]> {
  keysActor(staff);
  return (await listPlatformKeys(db)).map((key) => ({ kid: key.kid, createdAt: key.notBefore, retiredAt: key.notAfter }));
}

/**
 * Adds a signing key. `staged`: published by processes started from now on, but not signing
 * until `activateKey` (two rolling restarts, no moment where a relying party sees a kid it
 * cannot find); otherwise it signs in every process started from now on.
 */
export async function addSigningKey(db: Database, options: { staged: boolean }, staff?: Staff): Promise<string> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    const kid = await addPlatformKey(trx, options);
    await recordAudit(trx, { actor, action: 'identity.signing_key_added', subject: { type: 'signing_key', id: kid }, data: { staged: options.staged }, requestId: staff?.requestId });
    return kid;
  });
}

export async function activateKey(db: Database, kid: string, staff?: Staff): Promise<boolean> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    if (!(await activateSigningKey(trx, kid))) return false;
    await recordAudit(trx, { actor, action: 'identity.signing_key_activated', subject: { type: 'signing_key', id: kid }, requestId: staff?.requestId });
    return true;
  });
}

/** Retires a key (out of the provider's JWKS after the next restart, still listed at /api/v1/keys); never the one that signs. */
export async function retireKey(db: Database, kid: string, staff?: Staff): Promise<'retired' | 'signing' | 'unknown'> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    const result = await retirePlatformKey(trx, kid);
    if (result !== 'retired') return result;
    await recordAudit(trx, { actor, action: 'identity.signing_key_retired', subject: { type: 'signing_key', id: kid }, requestId: staff?.requestId });
    return 'retired';
  });
}
