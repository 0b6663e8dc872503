// Fiscal invoicing behind an adapter (docs/enterprises.md, "Fiscal invoices"). The contract is
// the one a tax authority's online authorisation has: the seller sends the invoice's data and gets
// back an authorisation code or a refusal with its reason. The sandbox below is a real
// implementation of that contract (it checks what an authority checks and answers a code that
// can be verified), used in demo mode and in tests; a country's authority plugs in as another
// `FiscalAuthority` without the module changing.
import { createHmac } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { type KeySource, keyringOf, purposeKeys } from '../../platform/keys/secrets.ts';

/** The keyring purpose holding the adapter's credentials (docs/security.md, "Keys"). */
export const FISCAL_PURPOSE = 'fiscal-invoicing';

/**
 * A tax authority's credential (its API key, client secret…), from the keyring only: the newest
 * version of `fiscal-invoicing` in KEYRING_FILE, as bytes. Never plain configuration, and never
 * SESSION_SECRET (which stands in for version 1 of the platform's own purposes, not for a
 * credential the authority issued): without an entry, 503 `ENTERPRISES_FISCAL_NOT_CONFIGURED`,
 * whose message says where the credential goes. A country's adapter is built with it.
 */
export function fiscalCredential(source: KeySource): Buffer {
  const newest = [...(keyringOf(source.keyringFile).keys[FISCAL_PURPOSE] ?? [])].sort((a, b) => b.version - a.version)[0];
  if (!newest)
    throw new AppError('ENTERPRISES_FISCAL_NOT_CONFIGURED', {
      detail: `the fiscal invoicing adapter has no credential: add the tax authority's credential (base64url) as a "${FISCAL_PURPOSE}" version in KEYRING_FILE${source.keyringFile ? ` (${source.keyringFile})` : ' (not set)'}`,
    });
  return Buffer.from(newest.secret, 'base64url');
}

/** The sandbox's key, from the keyring too: `fiscal-invoicing`'s current version (version 1 is SESSION_SECRET, as for every purpose). */
export function sandboxKey(source: KeySource): Buffer {
  return purposeKeys(source, FISCAL_PURPOSE).current.material;
}

export interface InvoiceRequest {
  /** The seller's tax id (the economic unit's key: NIT, RIF). */
  sellerTaxId: string;
  /** The buyer's tax id, or "0" for a final consumer without one. */
  buyerTaxId: string;
  buyerName: string;
  amountMinor: number;
  currency: string;
  /** The day of the sale, YYYY-MM-DD. */
  issuedOn: string;
  /** The seller's own reference of the sale (unique per seller): a retry with it gets the same answer. */
  reference: string;
}

export type FiscalAnswer = { authorised: true; code: string } | { authorised: false; reason: string };

export interface FiscalAuthority {
  /** Named on each invoice, so it is known which authority (or the sandbox) answered. */
  readonly name: string;
  authorise(request: InvoiceRequest): Promise<FiscalAnswer>;
}

const TAX_ID = /^(?:\d{7,12}|[JGVEPC]-?\d{8,9}-?\d?)$/;
/** Above this a final consumer must be named by tax id (the authorities' usual rule). */
export const FINAL_CONSUMER_LIMIT_MINOR = 100_000;
const MAX_DAYS_LATE = 10;

/**
 * The sandbox authority: refuses what an authority refuses (a malformed tax id, an amount out of
 * range, a final consumer above the limit, a sale dated in the future or too late to invoice), and
 * authorises the rest with a code that is an HMAC of the invoice's data under the sandbox's key
 * (`verify` checks it). A retry of the same request gets the same code.
 */
export function sandboxAuthority(key: string | Buffer, now: () => Date = () => new Date()): FiscalAuthority & { verify: (request: InvoiceRequest, code: string) => boolean } {
  const canonical = (r: InvoiceRequest) => [r.sellerTaxId, r.buyerTaxId, r.buyerName.trim(), r.amountMinor, r.currency, r.issuedOn, r.reference].join('|');
  const codeOf = (r: InvoiceRequest) =>
    createHmac('sha256', key)
      .update(canonical(r))
      .digest('hex')
      .slice(0, 20)
      .toUpperCase()
      .replace(/(.{5})(?!$)/g, '$1-');
  const refuse = (reason: string): FiscalAnswer => ({ authorised: false, reason });
  const decide = (r: InvoiceRequest): FiscalAnswer => {
    if (!TAX_ID.test(r.sellerTaxId)) return refuse('SELLER_TAX_ID: the seller is not a valid taxpayer');
    if (r.buyerTaxId !== '0' && !TAX_ID.test(r.buyerTaxId)) return refuse('BUYER_TAX_ID: the buyer’s tax id is not valid');
    if (r.buyerTaxId === '0' && r.amountMinor > FINAL_CONSUMER_LIMIT_MINOR) return refuse('FINAL_CONSUMER_LIMIT: above the limit the buyer must be named by tax id');
    if (!Number.isSafeInteger(r.amountMinor) || r.amountMinor <= 0) return refuse('AMOUNT: the amount must be positive');
    if (!/^[A-Z]{3}$/.test(r.currency)) return refuse('CURRENCY: unknown currency');
    const issued = Date.parse(`${r.issuedOn}T00:00:00Z`);
    const today = Date.parse(`${now().toISOString().slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(issued) || issued > today) return refuse('DATE: the sale is dated in the future');
    if (today - issued > MAX_DAYS_LATE * 86_400_000) return refuse(`DATE: a sale is invoiced within ${MAX_DAYS_LATE} days`);
    return { authorised: true, code: codeOf(r) };
  };
  return {
    name: 'sandbox',
    // Stateless: the code is a function of the invoice's data, so a retry of the same request gets the same code.
    authorise: async (request) => decide(request),
    verify: (request, code) => codeOf(request) === code,
  };
}
