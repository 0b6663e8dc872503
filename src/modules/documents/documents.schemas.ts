// The verification API's shapes (OpenAPI through TypeBox).
import { Type } from 'typebox';
import type { DocumentVerification, IssuedDocument } from './documents.types.ts';
import { maskDocument, maskName } from './documents.types.ts';
import type { PdfVerification } from '../../platform/signing/index.ts';

export const VerifyBodySchema = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The verification code printed on the document (spaces and hyphens ignored)' })),
    content: Type.Optional(Type.String({ minLength: 1, maxLength: 14_000_000, description: 'The PDF itself, base64' })),
  },
  { additionalProperties: false },
);

const SignatureSchema = Type.Object({
  status: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('unsigned')]),
  problems: Type.Array(Type.String(), { description: 'Why it is not valid: no_signature, partial_coverage, signature_mismatch, untrusted_chain, timestamp_invalid, certificate_revoked, malformed' }),
  covers_whole_document: Type.Boolean(),
  chain_trusted: Type.Boolean({ description: "Whether the signer's certificate chain reaches the platform's trusted root" }),
  signer: Type.Union([Type.Object({ common_name: Type.String(), organization: Type.String(), serial: Type.String() }), Type.Null()]),
  timestamped_at: Type.Union([Type.String({ format: 'date-time', description: 'The time of signing proved by the RFC 3161 signature timestamp' }), Type.Null()]),
  archived_at: Type.Union([
    Type.String({ format: 'date-time', description: 'The time of the newest archive (document) timestamp added after the signature (PAdES B-LTA); null when the file has none' }),
    Type.Null(),
  ]),
});

export const VerificationSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('revoked'), Type.Literal('unsigned')]),
    issued_by_tambo: Type.Boolean({ description: 'Whether the file is exactly (byte for byte) a document this platform issued' }),
    document: Type.Union([
      Type.Object({
        number: Type.String(),
        title: Type.String(),
        kind: Type.String(),
        issuer: Type.String(),
        issued_at: Type.String({ format: 'date-time' }),
        holder: Type.String({ description: 'Masked' }),
        sha256: Type.String(),
        revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        revocation_reason: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    signature: SignatureSchema,
  },
  { $id: 'DocumentVerification' },
);

const signatureJson = (s: PdfVerification) => ({
  status: s.status,
  problems: s.problems,
  covers_whole_document: s.coversWholeDocument,
  chain_trusted: s.chainTrusted,
  signer: s.signer ? { common_name: s.signer.commonName, organization: s.signer.organization, serial: s.signer.serial } : null,
  timestamped_at: s.timestampedAt?.toISOString() ?? null,
  archived_at: s.archivedAt?.toISOString() ?? null,
});

const documentJson = (d: IssuedDocument) => ({
  number: d.number,
  title: d.title,
  kind: d.kind,
  issuer: d.agencyName,
  issued_at: d.issuedAt.toISOString(),
  holder: maskName(d.holderName),
  sha256: d.sha256,
  revoked_at: d.revokedAt?.toISOString() ?? null,
  revocation_reason: d.revocationReason,
});

export function toVerificationJson(result: { document: IssuedDocument | null; status: DocumentVerification['status'] | 'unsigned'; signature: PdfVerification }, issuedByTambo: boolean) {
  return { status: result.status, issued_by_tambo: issuedByTambo, document: result.document ? documentJson(result.document) : null, signature: signatureJson(result.signature) };
}

export { maskDocument };
