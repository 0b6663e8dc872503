// A page form's own key (the hidden field `clave`, made when the form is drawn): claimed with
// `claimIdempotencyKey` in the transaction that stores what the form sends, so a double submit or
// a burst of identical posts stores one thing; the others find the claim and answer the same.
import { randomUUID } from 'node:crypto';
import { isAppError } from '../errors.ts';
import { type IdempotencyClaim, IdempotentReplay, requestFingerprint } from './idempotency.ts';

/** The claim of a posted form, or undefined when it sent no key (or one no form could have sent). */
export function formClaim(scope: string, body: unknown): IdempotencyClaim | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { clave: key, _csrf: _token, ...sent } = body as Record<string, unknown>;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) return undefined;
  return { scope, key, requestSha256: requestFingerprint(sent) };
}

/** The hidden field: the key typed back when the form returns with errors, a new one otherwise. */
export function FormKey(props: { value?: string }) {
  return <input type="hidden" name="clave" value={props.value || randomUUID()} />;
}

/**
 * Runs a form's write with its claim: a replay (the key already claimed by the same content)
 * is done already and gives undefined; the same key with other content (back, edit, send) is a
 * new write, unclaimed.
 */
export async function onceByKey<T>(claim: IdempotencyClaim | undefined, write: (claim: IdempotencyClaim | undefined) => Promise<T>): Promise<T | undefined> {
  try {
    return await write(claim);
  } catch (error) {
    if (error instanceof IdempotentReplay) return undefined;
    if (isAppError(error) && error.code === 'IDEMPOTENCY_KEY_REUSED') return await write(undefined);
    throw error;
  }
}
