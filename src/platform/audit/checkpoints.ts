// Signed checkpoints of the audit log (docs/audit-log.md#signed-checkpoints): the scheduled
// job `platform:audit_checkpoint` signs the head (position, chain hash, when it was sealed,
// when it was signed) with the platform key as a compact JWS; GET /api/v1/audit/checkpoints
// lists them newest first. Anyone may keep one and later check, with the key published at
// /api/v1/keys, that it is genuine and (`npm run audit:verify -- --head FILE`) that the log
// still extends it.
import { compactVerify, importJWK, type JWK } from 'jose';
import type { Database } from '../db/index.ts';
import { SIGNING_ALG, type Keyring, type PublishedKey } from '../keys/keyring.ts';
import { getAuditHead, sealAuditLog } from './audit.ts';
import { findCheckpoints, insertCheckpoint, latestCheckpoint, type CheckpointRecord } from './checkpoints.queries.ts';

export const CHECKPOINT_JOB = 'platform:audit_checkpoint';
/** Every hour, at minute 7 (UTC). */
export const CHECKPOINT_SCHEDULE = '7 * * * *';
/** The JWS `typ` of a checkpoint. */
export const CHECKPOINT_TYPE = 'tambo-audit-checkpoint+json';

/** What a checkpoint signs (the JWS payload, JSON). */
export interface CheckpointPayload {
  /** The installation (PUBLIC_URL). */
  iss: string;
  position: number;
  /** Chain hash (SHA-256, hex) of the entry at `position`. */
  hash: string;
  sealed_at: string;
  signed_at: string;
}

export interface Checkpoint {
  position: number;
  hash: string;
  sealedAt: Date;
  signedAt: Date;
  kid: string;
  jws: string;
}

const CLOCK_SKEW_MS = 5 * 60_000;

const toCheckpoint = (row: CheckpointRecord): Checkpoint => ({ position: row.position, hash: row.hash, sealedAt: row.sealed_at, signedAt: row.signed_at, kid: row.kid, jws: row.jws });

/**
 * Seals what is pending, then signs the head unless the newest checkpoint is already at it.
 * Returns the new checkpoint, or undefined when there was nothing new to sign.
 */
export async function makeCheckpoint(deps: { db: Database; keyring: Keyring; issuer: string }, now = new Date()): Promise<Checkpoint | undefined> {
  await sealAuditLog(deps.db);
  const head = await getAuditHead(deps.db);
  if (head.position === 0 || !head.sealedAt) return undefined;
  const last = await latestCheckpoint(deps.db);
  if (last && last.position >= head.position) return undefined;
  const payload: CheckpointPayload = { iss: deps.issuer, position: head.position, hash: head.hash, sealed_at: head.sealedAt.toISOString(), signed_at: now.toISOString() };
  const jws = await deps.keyring.sign({ ...payload }, CHECKPOINT_TYPE);
  const checkpoint: Checkpoint = { position: head.position, hash: head.hash, sealedAt: head.sealedAt, signedAt: now, kid: await deps.keyring.signingKid(), jws };
  const stored = await insertCheckpoint(deps.db, { position: checkpoint.position, hash: checkpoint.hash, sealed_at: checkpoint.sealedAt, signed_at: checkpoint.signedAt, kid: checkpoint.kid, jws });
  return stored ? checkpoint : undefined;
}

export async function listCheckpoints(db: Database, page: { before?: number; limit: number }): Promise<Checkpoint[]> {
  return (await findCheckpoints(db, page)).map(toCheckpoint);
}

/**
 * Checks a kept checkpoint against published keys (those of /api/v1/keys, or a copy kept
 * outside): the signature, the type, and that it was signed while its key was valid.
 * Returns the head it vouches for, or the reason it is refused.
 */
export async function verifyCheckpoint(jws: string, keys: Array<Pick<PublishedKey, 'jwk' | 'kid' | 'notBefore' | 'notAfter'>>): Promise<{ payload: CheckpointPayload } | { error: string }> {
  let header: { kid?: unknown; typ?: unknown };
  try {
    header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as typeof header;
  } catch {
    return { error: 'not a compact JWS' };
  }
  const key = keys.find((k) => k.kid === header.kid);
  if (!key) return { error: `signed with key ${String(header.kid)}, which is not published` };
  if (header.typ !== CHECKPOINT_TYPE) return { error: `not a checkpoint (typ ${String(header.typ)})` };
  let payload: CheckpointPayload;
  try {
    const result = await compactVerify(jws, await importJWK(key.jwk as JWK, SIGNING_ALG), { algorithms: [SIGNING_ALG] });
    payload = JSON.parse(new TextDecoder().decode(result.payload)) as CheckpointPayload;
  } catch {
    return { error: `the signature does not verify with key ${key.kid}` };
  }
  const signedAt = new Date(payload.signed_at);
  if (!Number.isInteger(payload.position) || !/^[0-9a-f]{64}$/.test(payload.hash) || Number.isNaN(signedAt.getTime())) return { error: 'the payload is not a checkpoint' };
  // A few minutes of tolerance before `notBefore`: the database's clock dates keys, the application's signs.
  if (signedAt.getTime() < key.notBefore.getTime() - CLOCK_SKEW_MS || (key.notAfter && signedAt > key.notAfter))
    return { error: `signed at ${payload.signed_at}, outside the validity of key ${key.kid}` };
  return { payload };
}
