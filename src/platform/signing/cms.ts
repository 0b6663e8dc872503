// CMS for PAdES (docs/signed-documents.md, "Signatures"): a detached SignedData with the
// ETSI CAdES baseline attributes (content-type, message-digest, signing-certificate-v2; no
// signing-time, which PAdES keeps in the signature dictionary) and, as an unsigned
// attribute, an RFC 3161 signature timestamp over the signature value (B-T). The local TSA
// is here too: a TimeStampToken is a SignedData of a TSTInfo. Built with pkijs' classes.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, crypto, type PrivateKey, sha256 } from './crypto.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** Adobe's revocation-information signed attribute (PDF 1.6+ readers take B-LT data from it). */
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
  sha256: '2.16.840.1.101.3.4.2.1',
  /** The demo TSA's policy, under the arc reserved for examples (ITU-T X.660, 2.999). */
  demoTsaPolicy: '2.999.3161.1',
} as const;

/** A key and its certificate chain (the signer's first, then its issuers up to, not including, the root). */
export interface SigningIdentity {
  /** WebCrypto's key, or a key in a PKCS#11 token (pkcs11.ts). */
  key: PrivateKey;
  chain: pkijs.Certificate[];
}

export const parseCertificate = (der: Uint8Array): pkijs.Certificate => pkijs.Certificate.fromBER(arrayBuffer(der));
export const certificateDer = (certificate: pkijs.Certificate): Buffer => Buffer.from(certificate.toSchema().toBER(false));

const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });

/** ESS signing-certificate-v2 (RFC 5035): the SHA-256 of the signer's certificate and its issuer and serial. */
// The hash of a signer's certificate, once per certificate object: encoding the certificate
// again for every signature and timestamp token was most of a token's cost (a certificate,
// once issued or parsed, is not changed).
const certificateHashes = new WeakMap<pkijs.Certificate, Promise<Buffer>>();
function certificateHash(certificate: pkijs.Certificate): Promise<Buffer> {
  let hash = certificateHashes.get(certificate);
  if (!hash) {
    hash = sha256(certificateDer(certificate));
    certificateHashes.set(certificate, hash);
  }
  return hash;
}

// A certificate's DER as an ASN.1 block that writes those bytes as they are: pkijs encodes
// every certificate of a SignedData again from its parsed fields (about 1 ms each), which was
// most of a timestamp token's CPU. The bytes are the certificate's own DER, so the token is
// byte for byte what it was.
class EncodedBlock extends asn1js.Any {
  readonly #der: Uint8Array;
  constructor(der: Uint8Array) {
    super();
    this.#der = der;
  }
  toBER(_sizeOnly?: boolean, writer?: asn1js.ViewWriter): ArrayBuffer {
    const bytes = arrayBuffer(this.#der);
    if (!writer) return bytes;
    writer.write(bytes);
    return new ArrayBuffer(0);
  }
}

/** The same certificate, whose `toSchema()` answers its DER as encoded once (see EncodedBlock); one per certificate object. */
const preEncodedCertificates = new WeakMap<pkijs.Certificate, pkijs.Certificate>();
function preEncoded(certificate: pkijs.Certificate): pkijs.Certificate {
  let encoded = preEncodedCertificates.get(certificate);
  if (!encoded) {
    const block = new EncodedBlock(certificateDer(certificate));
    encoded = Object.create(certificate, { toSchema: { value: () => block } }) as pkijs.Certificate;
    preEncodedCertificates.set(certificate, encoded);
  }
  return encoded;
}

async function signingCertificateV2(certificate: pkijs.Certificate): Promise<pkijs.Attribute> {
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }),
    serialNumber: certificate.serialNumber,
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: arrayBuffer(await certificateHash(certificate)) }), issuerSerial.toSchema()] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] });
}

/** Validation data embedded in a signature (B-LT): CRLs and OCSP responses (DER). */
export interface RevocationData {
  crls: pkijs.CertificateRevocationList[];
  ocsps: Buffer[];
}

/**
 * adbe-revocationInfoArchival: SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList
 * OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL }, a signed attribute.
 */
function revocationInfoArchival(data: RevocationData): pkijs.Attribute {
  const tagged = (tagNumber: number, items: asn1js.BaseBlock[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [new asn1js.Sequence({ value: items })] });
  const value = new asn1js.Sequence({
    value: [
      ...(data.crls.length > 0
        ? [
            tagged(
              0,
              data.crls.map((crl) => crl.toSchema()),
            ),
          ]
        : []),
      ...(data.ocsps.length > 0
        ? [
            tagged(
              1,
              data.ocsps.map((der) => asn1js.fromBER(arrayBuffer(der)).result),
            ),
          ]
        : []),
    ],
  });
  return new pkijs.Attribute({ type: OID.adbeRevocationInfoArchival, values: [value] });
}

/** DER orders a SET OF by the encodings of its elements: signed attributes must be sorted so that verifiers re-encode the same bytes. */
const derSorted = (attributes: pkijs.Attribute[]) =>
  attributes
    .map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER(false)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map((a) => a.attribute);

async function signedDataOf(identity: SigningIdentity, eContentType: string, digest: Buffer, eContent?: Buffer, extra: pkijs.Attribute[] = []): Promise<pkijs.SignedData> {
  const signer = identity.chain[0]!;
  const signedData = new pkijs.SignedData({
    version: eContent ? 3 : 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType,
      ...(eContent ? { eContent: new asn1js.OctetString({ valueHex: arrayBuffer(eContent) }) } : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: derSorted([
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: eContentType })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(digest) })] }),
            await signingCertificateV2(signer),
            ...extra,
          ]),
        }),
      }),
    ],
    certificates: identity.chain.map(preEncoded),
  });
  await signedData.sign(identity.key as CryptoKey, 0, 'SHA-256');
  return signedData;
}

const contentInfo = (signedData: pkijs.SignedData): pkijs.ContentInfo => new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });

/** An RFC 3161 TimeStampToken over `imprint` (a SHA-256), from the TSA `tsa` at `time`. */
export async function timestampToken(tsa: SigningIdentity, imprint: Buffer, time = new Date(), nonce?: asn1js.Integer): Promise<pkijs.ContentInfo> {
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f;
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: OID.demoTsaPolicy,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: sha256Algorithm(), hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(imprint) }) }),
    serialNumber: new asn1js.Integer({ valueHex: arrayBuffer(serial) }),
    genTime: new Date(Math.floor(time.getTime() / 1000) * 1000),
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(nonce ? { nonce } : {}),
  });
  const der = Buffer.from(tstInfo.toSchema().toBER(false));
  return contentInfo(await signedDataOf(tsa, OID.tstInfo, await sha256(der), der));
}

/**
 * The CMS of a PAdES signature over `content` (the PDF's byte ranges): CAdES B-B, with a
 * signature timestamp from `tsa` when one is given (B-T) and the validation data given (B-LT):
 * the CRLs in the CMS's revocation information, and CRLs and OCSP responses in the signed
 * attribute adbe-revocationInfoArchival. Answers DER.
 */
export async function cadesDetached(identity: SigningIdentity, content: Uint8Array, tsa?: SigningIdentity, time = new Date(), revocation: RevocationData = { crls: [], ocsps: [] }): Promise<Buffer> {
  const hasRevocation = revocation.crls.length > 0 || revocation.ocsps.length > 0;
  const signedData = await signedDataOf(identity, OID.data, await sha256(content), undefined, hasRevocation ? [revocationInfoArchival(revocation)] : []);
  if (revocation.crls.length > 0) signedData.crls = revocation.crls;
  if (tsa) {
    const signerInfo = signedData.signerInfos[0]!;
    const token = await timestampToken(tsa, await sha256(signerInfo.signature.valueBlock.valueHexView), time);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [token.toSchema()] })],
    });
  }
  return Buffer.from(contentInfo(signedData).toSchema().toBER(false));
}

/** The SignedData of a CMS ContentInfo (DER). Throws on anything else. */
export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(arrayBuffer(der));
  if (info.contentType !== OID.signedData) throw new Error('not a CMS SignedData');
  return new pkijs.SignedData({ schema: info.content });
}

/** The validation data of a signer's adbe-revocationInfoArchival attribute (DER of each CRL and OCSP response). */
export function embeddedRevocationOf(signerInfo: pkijs.SignerInfo): { crls: Buffer[]; ocsps: Buffer[] } {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.adbeRevocationInfoArchival);
  const result = { crls: [] as Buffer[], ocsps: [] as Buffer[] };
  const sequence = attribute?.values[0];
  if (!(sequence instanceof asn1js.Sequence)) return result;
  for (const tagged of sequence.valueBlock.value) {
    const list = (tagged as asn1js.Constructed).valueBlock.value[0];
    if (!(list instanceof asn1js.Sequence)) continue;
    const items = list.valueBlock.value.map((item) => Buffer.from(item.toBER(false)));
    if (tagged.idBlock.tagNumber === 0) result.crls.push(...items);
    if (tagged.idBlock.tagNumber === 1) result.ocsps.push(...items);
  }
  return result;
}

/** The signature timestamp token of a signer (DER of its ContentInfo), if it has one. */
export function signatureTimestampOf(signerInfo: pkijs.SignerInfo): Buffer | undefined {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  return attribute ? Buffer.from(attribute.values[0].toBER(false)) : undefined;
}
