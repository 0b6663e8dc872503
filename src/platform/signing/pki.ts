// The demo PKI (docs/signed-documents.md, "Trust"): a root CA, an issuing CA under it, one
// certificate per agency for signing documents, and a timestamping authority (TSA). Made
// once, on first use, by the signing service; real installations import PKCS#12 instead.
// Certificates are pkijs' (RFC 5280 structures), signed through WebCrypto.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, crypto, exportPrivateKey, generateKeyPair, type PrivateKey } from './crypto.ts';
import { reasonCode } from './ocsp.ts';

export type CertificateRole = 'root' | 'issuing' | 'agency' | 'tsa';

export interface IssuedCertificate {
  role: CertificateRole;
  /** The agency's code for an agency certificate; null otherwise. */
  agencyCode: string | null;
  certificate: pkijs.Certificate;
  /** PKCS#8 DER of the private key: sealed before it is stored (seal.ts). */
  privateKey: Buffer;
}

export interface Issuer {
  certificate: pkijs.Certificate;
  /** WebCrypto's key or one in a PKCS#11 token (pkijs signs through crypto.ts' engine, which handles both). */
  key: PrivateKey;
}

const YEAR = 365 * 24 * 3600 * 1000;
const ATTRIBUTE = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6' } as const;
const EXTENSION = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  crlReason: '2.5.29.21',
};
const ACCESS = { ocsp: '1.3.6.1.5.5.7.48.1', caIssuers: '1.3.6.1.5.5.7.48.2' };

/** Where relying parties find the issuing CA's OCSP responder, certificate and CRL (written in the certificates it issues). */
export interface PkiUrls {
  ocsp: string;
  caIssuers: string;
  crl: string;
}
export const pkiUrls = (publicUrl: string): PkiUrls => ({ ocsp: `${publicUrl}/pki/ocsp`, caIssuers: `${publicUrl}/pki/emisora.crt`, crl: `${publicUrl}/pki/emisora.crl` });
const uri = (value: string) => new pkijs.GeneralName({ type: 6, value });

function revocationPointers(urls: PkiUrls): pkijs.Extension[] {
  const access = new pkijs.InfoAccess({
    accessDescriptions: [
      new pkijs.AccessDescription({ accessMethod: ACCESS.ocsp, accessLocation: uri(urls.ocsp) }),
      new pkijs.AccessDescription({ accessMethod: ACCESS.caIssuers, accessLocation: uri(urls.caIssuers) }),
    ],
  });
  const points = new pkijs.CRLDistributionPoints({ distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(urls.crl)] })] });
  return [extension(EXTENSION.authorityInfoAccess, false, access.toSchema()), extension(EXTENSION.crlDistributionPoints, false, points.toSchema())];
}
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** KeyUsage bits as the first byte of the BIT STRING (bit 0 is 0x80). */
const USAGE = { digitalSignature: 0x80, nonRepudiation: 0x40, keyCertSign: 0x04, cRLSign: 0x02 };

export function distinguishedName(parts: Partial<Record<keyof typeof ATTRIBUTE, string>>): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (pkijs' own encoder would put them all in one multi-valued RDN).
  const rdns = (['C', 'O', 'OU', 'CN'] as const)
    .filter((k) => parts[k])
    .map((k) => {
      const value = k === 'C' ? new asn1js.PrintableString({ value: parts[k]! }) : new asn1js.Utf8String({ value: parts[k]! });
      return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type: ATTRIBUTE[k], value }).toSchema()] });
    });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

/** The common name of a certificate's subject (or issuer), for people. */
export function commonName(name: pkijs.RelativeDistinguishedNames): string {
  const value = name.typesAndValues.find((t) => t.type === ATTRIBUTE.CN)?.value;
  return value ? String(value.valueBlock.value) : '';
}

const time = (date: Date) => new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
const extension = (extnID: string, critical: boolean, value: asn1js.BaseBlock) => new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
const keyUsage = (bits: number) => {
  let unused = 0;
  while (unused < 7 && (bits & (1 << unused)) === 0) unused++;
  return extension(EXTENSION.keyUsage, true, new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused }));
};
const keyIdentifier = (certificate: pkijs.Certificate) => createHash('sha1').update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();

export function randomSerial(): asn1js.Integer {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive, and never a leading zero byte
  return new asn1js.Integer({ valueHex: arrayBuffer(bytes) });
}

type Kind = { ca: true; pathLength?: number } | { ca: false; timestamping?: boolean; urls?: PkiUrls };

async function issue(role: CertificateRole, subject: pkijs.RelativeDistinguishedNames, issuer: Issuer | null, years: number, kind: Kind, now: Date, publicKey?: Buffer) {
  // A given public key (DER SubjectPublicKeyInfo: a key in a PKCS#11 token) is certified as it is; otherwise a new RSA pair is made.
  const keys = publicKey ? undefined : await generateKeyPair();
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = randomSerial();
  certificate.subject = subject;
  certificate.issuer = issuer ? issuer.certificate.subject : subject;
  const notBefore = new Date(now.getTime() - 60_000);
  certificate.notBefore = time(notBefore);
  certificate.notAfter = time(new Date(notBefore.getTime() + years * YEAR));
  if (keys) await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  else certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(arrayBuffer(publicKey!));
  const ca = kind.ca;
  certificate.extensions = [
    extension(EXTENSION.basicConstraints, true, new pkijs.BasicConstraints(ca ? { cA: true, ...(kind.pathLength !== undefined ? { pathLenConstraint: kind.pathLength } : {}) } : {}).toSchema()),
    keyUsage(ca ? USAGE.keyCertSign | USAGE.cRLSign : USAGE.digitalSignature | USAGE.nonRepudiation),
    extension(EXTENSION.subjectKeyId, false, new asn1js.OctetString({ valueHex: arrayBuffer(keyIdentifier(certificate)) })),
  ];
  if (issuer) {
    certificate.extensions.push(
      extension(EXTENSION.authorityKeyId, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: arrayBuffer(keyIdentifier(issuer.certificate)) }) }).toSchema()),
    );
  }
  if (!kind.ca && kind.urls) certificate.extensions.push(...revocationPointers(kind.urls));
  if (!kind.ca && kind.timestamping) certificate.extensions.push(extension(EXTENSION.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [TIME_STAMPING] }).toSchema()));
  const signer = issuer ? issuer.key : keys?.privateKey;
  if (!signer) throw new Error('a self-signed certificate needs a new key pair');
  await certificate.sign(signer as CryptoKey, 'SHA-256');
  return { role, certificate, key: keys?.privateKey as CryptoKey, privateKey: keys ? await exportPrivateKey(keys.privateKey) : Buffer.alloc(0) };
}

const countryOf = (country: string) => country.replace(/[^A-Z]/g, '').slice(0, 2) || 'BO';

/** The root, the issuing CA and the TSA of a new demo installation. */
export async function createDemoAuthorities(country: string, urls?: PkiUrls, now = new Date()): Promise<IssuedCertificate[]> {
  const C = countryOf(country);
  const O = 'Tambo (demo)';
  const root = await issue('root', distinguishedName({ CN: 'Tambo Demo Root CA', O, C }), null, 20, { ca: true }, now);
  const issuing = await issue('issuing', distinguishedName({ CN: 'Tambo Demo Issuing CA', O, C }), root, 10, { ca: true, pathLength: 0 }, now);
  const tsa = await issue('tsa', distinguishedName({ CN: 'Tambo Demo Timestamping Authority', O, C }), issuing, 10, { ca: false, timestamping: true, ...(urls ? { urls } : {}) }, now);
  return [root, issuing, tsa].map(({ role, certificate, privateKey }) => ({ role, agencyCode: null, certificate, privateKey }));
}

/**
 * A new certificate for the timestamping authority (its renewal before the current one
 * expires: archive timestamps need a TSA certificate that outlives them), issued by the
 * issuing CA, valid for `validFor` milliseconds (10 years by default).
 */
export async function createTsaCertificate(issuer: Issuer, country: string, urls?: PkiUrls, now = new Date(), validFor = 10 * YEAR): Promise<IssuedCertificate> {
  const subject = distinguishedName({ CN: 'Tambo Demo Timestamping Authority', O: 'Tambo (demo)', C: countryOf(country) });
  const { certificate, privateKey } = await issue('tsa', subject, issuer, validFor / YEAR, { ca: false, timestamping: true, ...(urls ? { urls } : {}) }, now);
  return { role: 'tsa', agencyCode: null, certificate, privateKey };
}

/** An agency's document-signing certificate, issued by the issuing CA. */
export async function createAgencyCertificate(issuer: Issuer, agencyCode: string, agencyName: string, country: string, urls?: PkiUrls, now = new Date()): Promise<IssuedCertificate> {
  const subject = distinguishedName({ CN: agencyName, O: agencyName, OU: agencyCode, C: countryOf(country) });
  const { certificate, privateKey } = await issue('agency', subject, issuer, 3, { ca: false, ...(urls ? { urls } : {}) }, now);
  return { role: 'agency', agencyCode, certificate, privateKey };
}

/** An agency's document-signing certificate for a key it already holds (DER SubjectPublicKeyInfo, e.g. in a PKCS#11 token), issued by the issuing CA. */
export async function certifyAgencyKey(issuer: Issuer, agencyCode: string, agencyName: string, country: string, publicKey: Buffer, urls?: PkiUrls, now = new Date()): Promise<pkijs.Certificate> {
  const subject = distinguishedName({ CN: agencyName, O: agencyName, OU: agencyCode, C: countryOf(country) });
  return (await issue('agency', subject, issuer, 3, { ca: false, ...(urls ? { urls } : {}) }, now, publicKey)).certificate;
}

/** A CRL of the issuing CA listing the given serials (hex), valid for `hours`. */
export async function createCrl(issuer: Issuer, revoked: { serial: string; revokedAt: Date; reason?: string | null }[], now = new Date(), hours = 24): Promise<pkijs.CertificateRevocationList> {
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: issuer.certificate.subject,
    thisUpdate: time(new Date(now.getTime() - 60_000)),
    nextUpdate: time(new Date(now.getTime() + hours * 3600_000)),
    ...(revoked.length > 0
      ? {
          revokedCertificates: revoked.map((r) => {
            const code = reasonCode(r.reason ?? null);
            return new pkijs.RevokedCertificate({
              userCertificate: new asn1js.Integer({ valueHex: arrayBuffer(Buffer.from(r.serial, 'hex')) }),
              revocationDate: time(r.revokedAt),
              ...(code !== undefined ? { crlEntryExtensions: new pkijs.Extensions({ extensions: [extension(EXTENSION.crlReason, false, new asn1js.Enumerated({ value: code }))] }) } : {}),
            });
          }),
        }
      : {}),
  });
  await crl.sign(issuer.key as CryptoKey, 'SHA-256');
  return crl;
}
