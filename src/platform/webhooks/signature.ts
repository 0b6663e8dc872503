// How a delivery is signed: Standard Webhooks (https://www.standardwebhooks.com/) —
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` —
// and, for one deprecation period, the old `X-Tambo-Signature: sha256=<hex HMAC of the body>`.
import { createHmac } from 'node:crypto';

/** Sent beside the Standard Webhooks headers until agencies have moved (docs/webhooks.md). */
export const LEGACY_SIGNATURE_HEADER = 'x-tambo-signature';

export function standardSignature(key: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function legacySignature(key: Buffer, body: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

/** Every header that goes with a body: id (stable across retries), timestamp (of this attempt), signatures. */
export function signedHeaders(key: Buffer, id: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature(key, id, timestamp, body),
    [LEGACY_SIGNATURE_HEADER]: legacySignature(key, body),
  };
}
