// The demo PKI's OCSP responder (RFC 6960; docs/signed-documents.md, "Trust"): the issuing CA
// answers for the certificates it issued (agencies' and the TSA's), signing the responses
// itself (a CA-signed response, RFC 6960 section 4.2.2.2). The same responses are embedded
// in signatures as validation data (B-LT), so that they still validate after expiry.
// Built with pkijs' classes; the CertStatus CHOICE is asn1js' tagged values.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer } from './crypto.ts';
import type { Issuer } from './pki.ts';

export const OCSP_OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** RFC 5280 CRLReason codes (what an administrator picks when revoking). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;
export const reasonCode = (reason: string | null): number | undefined => (reason && reason in REVOCATION_REASONS ? REVOCATION_REASONS[reason as RevocationReason] : undefined);

/** What the responder knows of a serial: good, revoked (when, why), or nothing (unknown). */
export type SerialStatus = { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: string | null } | { status: 'unknown' };

/** OCSPResponseStatus values used here. */
const RESPONSE_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;

const hashName: Record<string, string> = { [OCSP_OID.sha1]: 'sha1', [OCSP_OID.sha256]: 'sha256' };

/** Whether a CertID names `issuer` (its name and key hashes, with the CertID's own hash). */
export function certIdNamesIssuer(certID: pkijs.CertID, issuer: pkijs.Certificate): boolean {
  const algorithm = hashName[certID.hashAlgorithm.algorithmId];
  if (!algorithm) return false;
  const nameHash = createHash(algorithm)
    .update(Buffer.from(issuer.subject.toSchema().toBER(false)))
    .digest();
  const keyHash = createHash(algorithm).update(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  return nameHash.equals(Buffer.from(certID.issuerNameHash.valueBlock.valueHexView)) && keyHash.equals(Buffer.from(certID.issuerKeyHash.valueBlock.valueHexView));
}

const serialOf = (certID: pkijs.CertID) => Buffer.from(certID.serialNumber.valueBlock.valueHexView).toString('hex');

function certStatus(known: SerialStatus): asn1js.BaseBlock {
  if (known.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (known.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  const code = reasonCode(known.reason);
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(known.revokedAt.getTime() / 1000) * 1000) }),
      ...(code !== undefined ? [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: code })] })] : []),
    ],
  });
}

const statusOnly = (status: number) => Buffer.from(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) }).toSchema().toBER(false));

/** A signed, successful OCSP response (DER) for these CertIDs, valid for `minutes`. */
export async function ocspResponse(issuer: Issuer, answers: { certID: pkijs.CertID; known: SerialStatus }[], options: { now?: Date; nonce?: pkijs.Extension; minutes?: number } = {}): Promise<Buffer> {
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: new pkijs.ResponseData({
      responderID: issuer.certificate.subject,
      producedAt: now,
      responses: answers.map(
        ({ certID, known }) => new pkijs.SingleResponse({ certID, certStatus: certStatus(known), thisUpdate: now, nextUpdate: new Date(now.getTime() + (options.minutes ?? 60) * 60_000) }),
      ),
      ...(options.nonce ? { responseExtensions: [options.nonce] } : {}),
    }),
  });
  await basic.sign(issuer.key as CryptoKey, 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: RESPONSE_STATUS.successful }),
    responseBytes: new pkijs.ResponseBytes({ responseType: OCSP_OID.basic, response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }) }),
  });
  return Buffer.from(response.toSchema().toBER(false));
}

/** The responder: an OCSPRequest (DER) in, an OCSPResponse (DER) out; never throws. */
export async function answerOcspRequest(issuer: Issuer, request: Uint8Array, lookup: (serialHex: string) => Promise<SerialStatus>): Promise<Buffer> {
  let parsed: pkijs.OCSPRequest;
  try {
    parsed = pkijs.OCSPRequest.fromBER(arrayBuffer(request));
  } catch {
    return statusOnly(RESPONSE_STATUS.malformedRequest);
  }
  const certIDs = parsed.tbsRequest.requestList.map((r) => r.reqCert);
  if (certIDs.length === 0 || certIDs.length > 10) return statusOnly(RESPONSE_STATUS.malformedRequest);
  // Only this CA's certificates: a request about another issuer's is not ours to answer.
  if (!certIDs.every((id) => certIdNamesIssuer(id, issuer.certificate))) return statusOnly(RESPONSE_STATUS.unauthorized);
  try {
    const answers = await Promise.all(certIDs.map(async (certID) => ({ certID, known: await lookup(serialOf(certID)) })));
    const nonce = parsed.tbsRequest.requestExtensions?.find((e) => e.extnID === OCSP_OID.nonce);
    return await ocspResponse(issuer, answers, nonce ? { nonce } : {});
  } catch {
    return statusOnly(RESPONSE_STATUS.internalError);
  }
}

/** The CertID (SHA-1 hashes, what every client sends) of `certificate` issued by `issuer`. */
export async function certIdOf(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<pkijs.CertID> {
  const certID = new pkijs.CertID();
  await certID.createForCertificate(certificate, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  return certID;
}
