// The signing service's public shapes (signing.ts implements them; docs/signed-documents.md).
import type * as asn1js from 'asn1js';
import type { AgencyCertificateRow } from './signing.queries.ts';
import type { SignatureDictionary } from './pdf.ts';
import type { RevocationReason } from './ocsp.ts';

export interface SigningAgency {
  code: string;
  /** The agency's name, written in its certificate when one is made. */
  name: string;
}

export interface SignerSummary {
  commonName: string;
  organization: string;
  /** Certificate serial number, hex. */
  serial: string;
}

export interface PdfVerification {
  /** valid: untouched, signed by a certificate that reaches the trusted root, not revoked at signing. */
  status: 'valid' | 'invalid' | 'unsigned';
  /** Why it is not valid (codes, for the pages' messages). */
  problems: ('no_signature' | 'partial_coverage' | 'signature_mismatch' | 'untrusted_chain' | 'timestamp_invalid' | 'certificate_revoked' | 'malformed')[];
  coversWholeDocument: boolean;
  signatureIntact: boolean;
  chainTrusted: boolean;
  signer: SignerSummary | null;
  /** The time of signing proved by the signature timestamp (null without a valid one). */
  timestampedAt: Date | null;
  /** The time of the newest archive (document) timestamp, when later revisions add them (B-LTA); null otherwise. */
  archivedAt: Date | null;
  subFilter: string | null;
}

export interface SigningService {
  /** A PAdES B-T signature of `pdf` by the agency's certificate. */
  signPdf(pdf: Buffer, agency: SigningAgency, dictionary?: Partial<SignatureDictionary>): Promise<Buffer>;
  /** A detached CMS (CAdES B-T: signature timestamp by the local TSA) over `content` by the agency's certificate; DER. */
  signDetached(content: Buffer, agency: SigningAgency): Promise<Buffer>;
  /** The raw RSA signature of `data` with the agency's key (for the benchmark's baseline). */
  signRaw(data: Buffer, agency: SigningAgency): Promise<Buffer>;
  verifyPdf(pdf: Buffer): Promise<PdfVerification>;
  /** An RFC 3161 TimeStampToken (DER ContentInfo) over a SHA-256 imprint, from the local TSA. */
  timestamp(imprint: Buffer, time?: Date, nonce?: asn1js.Integer): Promise<Buffer>;
  /** DER of the demo root CA, issuing CA and TSA certificates (what relying parties trust). */
  authorities(): Promise<{ root: Buffer; issuing: Buffer; tsa: Buffer }>;
  /** DER of the issuing CA's current CRL (made at most an hour ago, or after a revocation in this process). */
  crl(): Promise<Buffer>;
  /** The OCSP responder: an OCSPRequest (DER) in, a signed OCSPResponse (DER) out. */
  ocsp(request: Uint8Array): Promise<Buffer>;
  /** Forgets the cached CRL and OCSP responses (after a revocation). */
  forgetCrl(): void;
  /** The agencies' certificates (current and replaced), newest first. */
  agencyCertificates(): Promise<AgencyCertificateRow[]>;
  /**
   * Revokes an agency certificate from `at` with an RFC 5280 reason, audited in the same
   * transaction; the agency gets a new certificate on its next signature.
   */
  revokeCertificate(input: { serial: string; reason: RevocationReason; at: Date }, actor: { id: string }, requestId: string | null): Promise<'revoked' | 'not_found' | 'already_revoked'>;
  /**
   * Imports an agency's certificate and key from PKCS#12 (checked: pkcs12.ts; throws
   * Pkcs12Error), sealed at rest, audited; it replaces the agency's current certificate.
   * Answers the new certificate's serial.
   */
  importPkcs12(agency: SigningAgency, file: Buffer, password: string, actor: { id: string }, requestId: string | null): Promise<string>;
  /**
   * Makes the key `keyId` (hex CKA_ID) of the configured PKCS#11 token the agency's signing
   * key (pkcs11.ts; throws Pkcs11Error): the demo issuing CA certifies its public key, the
   * row stores the token reference instead of a sealed key, audited; it replaces the agency's
   * current certificate. Answers the new certificate's serial.
   */
  usePkcs11Key(agency: SigningAgency, keyId: string, actor: { id: string }, requestId: string | null): Promise<string>;
  /**
   * PAdES B-LTA (archive.ts): appends to a signed PDF the validation data of its signatures and
   * of the TSA chain (a DSS) and a document timestamp by the current TSA over the whole file.
   * The original bytes stay a prefix of the answer.
   */
  archivePdf(pdf: Buffer): Promise<ArchivedPdf>;
  /** The expiry of the TSA certificate that made the newest timestamp of a signed PDF (signature or document timestamp); null without one. */
  timestampExpiry(pdf: Buffer): Promise<Date | null>;
  /**
   * Renews the TSA certificate when the current one expires before `before` (a new key and
   * certificate from the issuing CA, the old one marked replaced; audited `signing.tsa_renewed`).
   * `validFor` (ms, default 10 years) is the new certificate's validity. Answers whether it renewed.
   */
  renewTsaIfExpiring(before: Date, validFor?: number): Promise<boolean>;
}

export interface ArchivedPdf {
  pdf: Buffer;
  /** The document timestamp's time. */
  archivedAt: Date;
  /** The serial (hex) and expiry of the TSA certificate that made it. */
  tsaSerial: string;
  tsaNotAfter: Date;
}
