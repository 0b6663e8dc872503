// Ballot receipts (docs/consulta-popular.md, "Receipts"): a public id and a secret, given once
// to the voter as one text. The server keeps the SHA-256 of the secret (to let its holder change
// the ballot) and a salted commitment of the choices, published beside the id; the salt is
// derived from the secret, so only the receipt's holder can open the commitment.
import { createHash, createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface Receipt {
  receiptId: string;
  secret: string;
}

export function newReceipt(): Receipt {
  const bytes = randomBytes(10);
  const id = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return { receiptId: `R-${id.slice(0, 5)}-${id.slice(5)}`, secret: randomBytes(24).toString('base64url') };
}

/** The text the voter keeps: `<receipt id>.<secret>`. */
export function receiptText(r: Receipt): string {
  return `${r.receiptId}.${r.secret}`;
}

export function parseReceipt(text: string): Receipt | undefined {
  const match = /^(R-[A-Z2-9]{5}-[A-Z2-9]{5})\.([A-Za-z0-9_-]{32})$/.exec(text.trim());
  return match ? { receiptId: match[1]!, secret: match[2]! } : undefined;
}

export function keyHash(secret: string): Buffer {
  return createHash('sha256').update(`consultations-key|${secret}`).digest();
}

/** The salt: HMAC-SHA256 of the secret (hex). */
export function saltOf(secret: string): string {
  return createHmac('sha256', secret).update('consultations-salt').digest('hex');
}

/** SHA-256 (hex) of `<salt>|<consultation id>|<choices sorted, comma-separated>`: anyone with the salt recomputes it. */
export function commitment(salt: string, consultationId: string, choices: readonly string[]): string {
  return createHash('sha256')
    .update(`${salt}|${consultationId}|${[...choices].sort().join(',')}`)
    .digest('hex');
}
