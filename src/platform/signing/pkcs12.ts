// PKCS#12 import (docs/signed-documents.md, "Trust"): a real agency certificate (Bolivia's
// ADSIB, Venezuela's SUSCERTE) arrives as a .p12/.pfx with its password. pkijs opens it (MAC
// checked, PBES2 bags decrypted); the private key must match the certificate, the certificate
// must be valid now and for signatures, and the chain in the file must reach a self-signed
// root in the file (or the platform's demo root). The key is then sealed like the demo keys.
import * as pkijs from 'pkijs';
import { arrayBuffer, crypto, KEY_ALGORITHM } from './crypto.ts';

export type Pkcs12Problem = 'bad_file' | 'bad_password' | 'no_key' | 'no_certificate' | 'key_mismatch' | 'expired' | 'not_for_signing' | 'untrusted_chain' | 'already_imported';

export class Pkcs12Error extends Error {
  readonly problem: Pkcs12Problem;
  constructor(problem: Pkcs12Problem) {
    super(`PKCS#12 import: ${problem}`);
    this.problem = problem;
  }
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
export const toPem = (certificates: pkijs.Certificate[]) =>
  certificates
    .map(
      (c) =>
        `-----BEGIN CERTIFICATE-----\n${der(c)
          .toString('base64')
          .replace(/(.{64})/g, '$1\n')
          .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
    )
    .join('');
export const fromPem = (pem: string): pkijs.Certificate[] =>
  [...pem.matchAll(PEM)].map((m) => pkijs.Certificate.fromBER(arrayBuffer(Buffer.from(m[0].replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))));
export const isSelfSigned = (c: pkijs.Certificate) => Buffer.from(c.subject.toSchema().toBER(false)).equals(Buffer.from(c.issuer.toSchema().toBER(false)));

export interface OpenedPkcs12 {
  /** PKCS#8 DER of the private key (seal it before storing). */
  privateKey: Buffer;
  certificate: pkijs.Certificate;
  /** The certificates above it, issuer first, up to and including the root. */
  chain: pkijs.Certificate[];
}

const der = (certificate: pkijs.Certificate) => Buffer.from(certificate.toSchema().toBER(false));
const spki = (certificate: pkijs.Certificate) => Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER(false));

async function bagsOf(file: Buffer, password: string): Promise<{ keys: Buffer[]; certificates: pkijs.Certificate[] }> {
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(arrayBuffer(file));
  } catch {
    throw new Pkcs12Error('bad_file');
  }
  const secret = arrayBuffer(new TextEncoder().encode(password));
  try {
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true });
  } catch {
    throw new Pkcs12Error('bad_password');
  }
  const safes = pfx.parsedValue?.authenticatedSafe;
  if (!safes) throw new Pkcs12Error('bad_file');
  try {
    await safes.parseInternalValues({ safeContents: safes.safeContents.map(() => ({ password: secret })) });
  } catch {
    throw new Pkcs12Error('bad_password');
  }
  const keys: Buffer[] = [];
  const certificates: pkijs.Certificate[] = [];
  for (const contents of safes.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password: secret });
        if (bag.bagValue.parsedValue) keys.push(Buffer.from(bag.bagValue.parsedValue.toSchema().toBER(false)));
      } else if (bag.bagValue instanceof pkijs.PrivateKeyInfo) {
        keys.push(Buffer.from(bag.bagValue.toSchema().toBER(false)));
      } else if (bag.bagValue instanceof pkijs.CertBag && bag.bagValue.parsedValue instanceof pkijs.Certificate) {
        certificates.push(bag.bagValue.parsedValue);
      }
    }
  }
  return { keys, certificates };
}

/** Opens a PKCS#12 file and checks it (see the file's comment); throws Pkcs12Error. */
export async function openPkcs12(file: Buffer, password: string, demoRoot: pkijs.Certificate, now = new Date()): Promise<OpenedPkcs12> {
  const { keys, certificates } = await bagsOf(file, password);
  const privateKey = keys[0];
  if (!privateKey) throw new Pkcs12Error('no_key');
  if (certificates.length === 0) throw new Pkcs12Error('no_certificate');
  // The certificate of the key: the one whose public key the private key's public half is.
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('pkcs8', arrayBuffer(privateKey), KEY_ALGORITHM, true, ['sign']);
  } catch {
    throw new Pkcs12Error('no_key');
  }
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: jwk.kty, n: jwk.n, e: jwk.e }, KEY_ALGORITHM, true, ['verify']);
  const publicDer = Buffer.from(await crypto.subtle.exportKey('spki', publicKey));
  const certificate = certificates.find((c) => spki(c).equals(publicDer));
  if (!certificate) throw new Pkcs12Error('key_mismatch');
  if (certificate.notBefore.value > now || certificate.notAfter.value < now) throw new Pkcs12Error('expired');
  const usage = certificate.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (usage) {
    const bits = new Uint8Array((usage.parsedValue as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView)[0] ?? 0;
    if ((bits & 0xc0) === 0) throw new Pkcs12Error('not_for_signing');
  }
  const others = certificates.filter((c) => c !== certificate);
  const roots = [...others.filter(isSelfSigned), demoRoot];
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: roots, certs: [certificate, ...others.filter((c) => !isSelfSigned(c))], checkDate: now });
  const result = await engine.verify();
  if (!result.result || !result.certificatePath) throw new Pkcs12Error('untrusted_chain');
  // The path runs from the certificate up to the root; keep what is above the certificate.
  const chain = result.certificatePath.filter((c) => !der(c).equals(der(certificate)));
  return { privateKey, certificate, chain };
}
