// Signed documents: what is issued and what verification answers (docs/signed-documents.md).
import type { PdfVerification } from '../../platform/signing/index.ts';

export type DocumentKind = 'certificate' | 'resolution' | 'receipt' | 'notice';

export interface IssuedDocument {
  id: string;
  number: string;
  verificationCode: string;
  caseId: string | null;
  /** The holder's account; null for a person without one (held by name and identity document). */
  accountId: string | null;
  agencyCode: string;
  agencyName: string;
  kind: DocumentKind;
  title: string;
  holderName: string;
  holderDocument: string;
  sha256: string;
  issuedAt: Date;
  /** The last day the platform promises to keep it (YYYY-MM-DD, the country's calendar). */
  retainUntil: string;
  revokedAt: Date | null;
  revocationReason: string | null;
}

export interface Template {
  kind: DocumentKind;
  title: string;
  body: string;
}

/** What the verification page and API answer about a document Tambo issued. */
export interface DocumentVerification {
  document: IssuedDocument;
  /** valid / invalid (the file or its signature does not hold) / revoked (by the agency, or its certificate). */
  status: 'valid' | 'invalid' | 'revoked';
  signature: PdfVerification;
}

/** 100 random bits in Crockford's base32 (no I, L, O, U): 20 characters, shown in groups of 4. */
export const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;

/** The holder's name as the public verification shows it: the first letter of each word. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word[0]}${'*'.repeat(Math.max(2, word.length - 1))}`)
    .join(' ');
}

/** An identity document number with all but its last three characters hidden. */
export function maskDocument(document: string): string {
  return document.length <= 3 ? '***' : `${'*'.repeat(document.length - 3)}${document.slice(-3)}`;
}

/** A code as typed by a person: spaces, hyphens and case ignored, O→0, I/L→1 (Crockford). */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const groupCode = (code: string): string => code.replace(/(.{4})(?=.)/g, '$1-');
