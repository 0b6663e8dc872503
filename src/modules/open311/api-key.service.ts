// Use cases of Open311 API keys: a platform administrator issues a key to an application and
// may revoke it; the GeoReport routes check the key an application sends.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { topicCache } from '../../platform/cache/topic-cache.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Account, requirePlatformAdmin } from '../identity/index.ts';
import { DEMO_API_KEY, type ApiKey } from './api-key.types.ts';
import { findApiKey, findApiKeys, findLiveApiKeyByHash, insertApiKey, markApiKeyRevoked } from './open311.queries.ts';

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Live keys by hash, kept in each process so that a request does not read its key (issue 11):
 * issuing or revoking a key forgets them here at once and in every process when it commits
 * (the bus); a key not found is kept too, as issuing one is announced. Listened to by the module.
 */
export const apiKeyCache = topicCache<ApiKey | undefined>('open311.api_keys_changed', { max: 1_000 });

export async function listApiKeys(deps: Pick<Deps, 'db'>, admin: Account): Promise<ApiKey[]> {
  requirePlatformAdmin(admin);
  return findApiKeys(deps.db);
}

/** Issues a new key; the key itself is returned only here (only its hash is stored). */
export async function issueApiKey(deps: Pick<Deps, 'db'>, admin: Account, input: { application: string }, requestId?: string): Promise<{ apiKey: ApiKey; key: string }> {
  requirePlatformAdmin(admin);
  const application = input.application.trim();
  if (application.length === 0 || application.length > 200) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'application', messageKey: 'open311.admin.errors.application' }] });
  }
  const key = `o311_${randomBytes(24).toString('base64url')}`;
  const id = uuidv7();
  return deps.db.transaction().execute(async (trx) => {
    await insertApiKey(trx, { id, application, keyHash: hashKey(key), keyPrefix: key.slice(0, 9), issuedBy: admin.id });
    await apiKeyCache.changed(trx);
    await recordAudit(trx, {
      actor: { type: 'admin', id: admin.id },
      action: 'open311.api_key_issued',
      subject: { type: 'open311_api_key', id },
      data: { application },
      requestId,
    });
    const apiKey = await findApiKey(trx, id);
    return { apiKey: apiKey!, key };
  });
}

export async function revokeApiKey(deps: Pick<Deps, 'db'>, admin: Account, id: string, requestId?: string): Promise<void> {
  requirePlatformAdmin(admin);
  await deps.db.transaction().execute(async (trx) => {
    const apiKey = /^[0-9a-f-]{36}$/.test(id) ? await findApiKey(trx, id) : undefined;
    if (!apiKey) throw new AppError('OPEN311_API_KEY_NOT_FOUND');
    if (!(await markApiKeyRevoked(trx, id, admin.id))) return;
    await apiKeyCache.changed(trx);
    await recordAudit(trx, {
      actor: { type: 'admin', id: admin.id },
      action: 'open311.api_key_revoked',
      subject: { type: 'open311_api_key', id },
      data: { application: apiKey.application },
      requestId,
    });
  });
}

/** The live key an application sent, or undefined. */
export async function verifyApiKey(deps: Pick<Deps, 'db'>, key: string): Promise<ApiKey | undefined> {
  if (key.length === 0 || key.length > 200) return undefined;
  const keyHash = hashKey(key);
  return apiKeyCache.get(deps.db, keyHash, () => findLiveApiKeyByHash(deps.db, keyHash));
}

/** Demo installations get the key published in the README (idempotent). */
export async function seedDemoApiKey(deps: Pick<Deps, 'db'>): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const id = uuidv7();
    const inserted = await insertApiKey(trx, { id, application: 'Demo Open311 client', keyHash: hashKey(DEMO_API_KEY), keyPrefix: DEMO_API_KEY.slice(0, 9), issuedBy: null });
    if (!inserted) return;
    await apiKeyCache.changed(trx);
    await recordAudit(trx, { actor: { type: 'system', id: 'seed' }, action: 'open311.api_key_issued', subject: { type: 'open311_api_key', id }, data: { application: 'Demo Open311 client' } });
  });
}
