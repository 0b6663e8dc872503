// Shamir secret sharing over GF(2^8) (docs/procurement.md, "Sealed offers"): a secret split
// byte by byte into n shares, any k of which give it back, fewer telling nothing about it. The
// field is AES's (x^8 + x^4 + x^3 + x + 1, 0x11B), multiplied through log and exp tables of the
// generator 3. The opening key of a process with a committee is split with it.
import { randomBytes } from 'node:crypto';

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    // x × 3 = x × 2 ⊕ x, reduced by the field's polynomial.
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0);
  }
  for (let i = 255; i < 510; i++) EXP[i] = EXP[i - 255]!;
}

const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);
const div = (a: number, b: number): number => (a === 0 ? 0 : EXP[LOG[a]! + 255 - LOG[b]!]!);

export interface Share {
  /** The share's point, 1 to 255. */
  x: number;
  /** The polynomials' values at x, one byte per byte of the secret. */
  y: Buffer;
}

/** Splits `secret` into `n` shares (x = 1…n), any `k` of which recover it (2 ≤ k ≤ n ≤ 255). */
export function split(secret: Uint8Array, n: number, k: number): Share[] {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 2 || n < k || n > 255) throw new RangeError('need 2 ≤ k ≤ n ≤ 255');
  const shares = Array.from({ length: n }, (_, i) => ({ x: i + 1, y: Buffer.alloc(secret.length) }));
  for (let b = 0; b < secret.length; b++) {
    // A random polynomial of degree k − 1 whose value at 0 is the secret's byte.
    const coefficients = [secret[b]!, ...randomBytes(k - 1)];
    for (const share of shares) {
      let value = 0;
      for (let c = coefficients.length - 1; c >= 0; c--) value = mul(value, share.x) ^ coefficients[c]!;
      share.y[b] = value;
    }
  }
  return shares;
}

/** The secret from k (or more) shares, by Lagrange interpolation at 0; with fewer, or wrong ones, a wrong value. */
export function combine(shares: Share[]): Buffer {
  if (shares.length < 1 || new Set(shares.map((s) => s.x)).size !== shares.length || shares.some((s) => s.x < 1 || s.x > 255 || s.y.length !== shares[0]!.y.length)) {
    throw new RangeError('shares of distinct points 1 to 255 and of one length');
  }
  const secret = Buffer.alloc(shares[0]!.y.length);
  for (const [i, si] of shares.entries()) {
    // The Lagrange basis at 0: Π x_j / (x_j − x_i), subtraction being ⊕ in GF(2^8).
    let basis = 1;
    for (const [j, sj] of shares.entries()) if (i !== j) basis = mul(basis, div(sj.x, sj.x ^ si.x));
    for (let b = 0; b < secret.length; b++) secret[b]! ^= mul(si.y[b]!, basis);
  }
  return secret;
}

/** The committee of a publication form: members (2 to 10) and quorum (2 to members); both empty: no committee. */
export function committeeOf(members: string, quorum: string): { members: number; quorum: number } | undefined | Array<{ field: string; messageKey: string }> {
  if (!members.trim() && !quorum.trim()) return undefined;
  const n = /^\d{1,2}$/.test(members.trim()) ? Number(members) : 0;
  const k = /^\d{1,2}$/.test(quorum.trim()) ? Number(quorum) : 0;
  if (n < 2 || n > 10) return [{ field: 'committee', messageKey: 'procurement.errors.committee' }];
  if (k < 2 || k > n) return [{ field: 'quorum', messageKey: 'procurement.errors.quorum' }];
  return { members: n, quorum: k };
}

/** The opening key from what the committee typed: the key itself, or k shares one a line. */
export function keyFromShares(text: string): string {
  if (text.includes('PRIVATE KEY')) return text;
  const shares = text.split(/\s+/).filter(Boolean).map(decodeShare);
  if (shares.length < 2 || shares.some((s) => s === undefined)) return text;
  try {
    return combine(shares as Share[]).toString('utf8');
  } catch {
    return text;
  }
}

/** A share as a member keeps it: `x-base64`. */
export const encodeShare = (s: Share): string => `${s.x}-${s.y.toString('base64')}`;
export function decodeShare(text: string): Share | undefined {
  const match = /^(\d{1,3})-([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  const x = Number(match?.[1]);
  return match && x >= 1 && x <= 255 ? { x, y: Buffer.from(match[2]!, 'base64') } : undefined;
}
