// The `Idempotency-Key` header of API writes (the IETF httpapi draft): a retry with the same key and the same request gets
// what the first created; the same key with another request is refused (422
// IDEMPOTENCY_KEY_REUSED). A service claims the key inside the transaction that creates the
// resource (`claimIdempotencyKey`), so of 20 parallel retries one creates and the others
// replay it: the claim throws `IdempotentReplay`, which rolls the transaction back, and the
// caller answers the resource it names. `findIdempotentReplay` answers a plain retry before
// any work is done.
//
// A resource written in one statement (reports, Open311 requests, mailbox deliveries: hot
// paths, issue 11) keeps its key on its own row instead: the row's unique index on (scope,
// key) is the claim, so the write stays one round trip. Those use this module all the same:
// the same header (`IdempotencyKeyHeaders`), the same fingerprint (`requestFingerprint`) and
// the same refusal (`assertSameRequest`: 422 IDEMPOTENCY_KEY_REUSED).
import { Type } from 'typebox';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Queryable } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../files/files.ts';
import { findIdempotencyKey, insertIdempotencyKey } from './idempotency.queries.ts';

export { pruneIdempotencyKeys } from './idempotency.queries.ts';

/** The request header, as routes declare it (printable ASCII, at most 200 characters). */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'Any unique string (e.g. a UUID) per request the client means to send once' }),
  ),
});

export interface IdempotencyClaim {
  /** Who and what the key is unique for, e.g. `cases.submit:<account id>`. */
  scope: string;
  key: string;
  /** SHA-256 of the request's canonical JSON (`requestFingerprint`). */
  requestSha256: string;
}

/** The fingerprint of a request: SHA-256 (hex) of its canonical JSON (RFC 8785 ordering). */
export function requestFingerprint(request: unknown): string {
  return sha256Hex(canonicalJson(request));
}

/**
 * A key met again: refuses it (422 IDEMPOTENCY_KEY_REUSED) unless the earlier request was this
 * one. `storedSha256` null: stored before fingerprints were kept, replayed as before.
 */
export function assertSameRequest(storedSha256: string | null, requestSha256: string): void {
  if (storedSha256 !== null && storedSha256 !== requestSha256) throw new AppError('IDEMPOTENCY_KEY_REUSED');
}

function replayOf(stored: { requestSha256: string; resource: string } | undefined, claim: IdempotencyClaim): string | undefined {
  if (!stored) return undefined;
  assertSameRequest(stored.requestSha256, claim.requestSha256);
  return stored.resource;
}

/** Before any work: the resource a committed earlier request with this key created (undefined if none). */
export async function findIdempotentReplay(db: Queryable, claim: IdempotencyClaim): Promise<string | undefined> {
  return replayOf(await findIdempotencyKey(db, claim.scope, claim.key), claim);
}

/** Thrown by `claimIdempotencyKey` (rolling back the caller's transaction): an earlier request with the key created `resource`. */
export class IdempotentReplay extends Error {
  readonly resource: string;
  constructor(resource: string) {
    super('idempotent replay');
    this.name = 'IdempotentReplay';
    this.resource = resource;
  }
}

/**
 * In the transaction that creates `resource`, before it is created: claims the key for it.
 * Returns when the claim is this request's (go on and create); throws `IdempotentReplay` with
 * the resource an earlier request created (waiting for it to commit if it is still running), or
 * IDEMPOTENCY_KEY_REUSED when that request was another one.
 */
export async function claimIdempotencyKey(trx: Queryable, claim: IdempotencyClaim, resource: string): Promise<void> {
  const earlier = replayOf(await insertIdempotencyKey(trx, { ...claim, resource }), claim);
  if (earlier !== undefined) throw new IdempotentReplay(earlier);
}
