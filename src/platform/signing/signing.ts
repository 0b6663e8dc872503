import * as pkijs from 'pkijs';
import type { Config } from '../config.ts';
import type { Database, Queryable } from '../db/index.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { arrayBuffer, importPrivateKey, sha256, signWith } from './crypto.ts';
import { cadesDetached, certificateDer, embeddedRevocationOf, OID, parseCertificate, parseSignedData, type SigningIdentity, signatureTimestampOf, timestampToken } from './cms.ts';
import { readPdfSignature, readPdfSignatures, signPdfBytes } from './pdf.ts';
import { addArchiveTimestamp, onlyArchiveRevisions, SUBFILTER_ETSI_RFC3161 } from './archive.ts';
import { recordAudit } from '../audit/audit.ts';
import { fromPem, isSelfSigned, openPkcs12, Pkcs12Error, toPem } from './pkcs12.ts';
import { answerOcspRequest, certIdOf, ocspResponse, type SerialStatus } from './ocsp.ts';
import { certifyAgencyKey, commonName, createAgencyCertificate, createCrl, createDemoAuthorities, createTsaCertificate, type IssuedCertificate, pkiUrls } from './pki.ts';
import { openPrivateKey, sealPrivateKey } from './seal.ts';
import { keyIdOf, keyReference, normaliseKeyId, PKCS11_PREFIX, Pkcs11Error, tokenKey, tokenPublicKey } from './pkcs11.ts';
import {
  type CertificateRecord,
  findAgencyCertificate,
  findAgencyCertificateBySerial,
  findAuthorities,
  findCertificateBySerial,
  findImportedChains,
  findIssuedStatus,
  findRevocations,
  insertCertificate,
  listAgencyCertificates,
  lockPki,
  replaceAgencyCertificate,
  replaceAuthority,
  revokeCertificate,
} from './signing.queries.ts';

import type { PdfVerification, SigningAgency, SigningService } from './signing.types.ts';

export type { ArchivedPdf, PdfVerification, SignerSummary, SigningAgency, SigningService } from './signing.types.ts';
type SigningDeps = { db: Database; config: Pick<Config, 'sessionSecret' | 'keyringFile' | 'country' | 'publicUrl' | 'signingPkcs11'> };

interface Authorities {
  root: pkijs.Certificate;
  issuing: SigningIdentity;
  tsa: SigningIdentity;
}

const services = new WeakMap<Database, SigningService>();

/** The signing service of this database (one per process and database). */
export function signingService(deps: SigningDeps): SigningService {
  let service = services.get(deps.db);
  if (!service) {
    service = createSigningService(deps);
    services.set(deps.db, service);
  }
  return service;
}

const serialHex = (certificate: pkijs.Certificate) => Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex');
const organizationOf = (certificate: pkijs.Certificate) => String(certificate.subject.typesAndValues.find((t) => t.type === '2.5.4.10')?.value.valueBlock.value ?? '');

function createSigningService({ db, config }: SigningDeps): SigningService {
  const keySource = { sessionSecret: config.sessionSecret, keyringFile: config.keyringFile };
  const store = (trx: Queryable, issued: IssuedCertificate) =>
    insertCertificate(trx, {
      id: uuidv7(),
      role: issued.role,
      agencyCode: issued.agencyCode,
      source: 'demo',
      subject: commonName(issued.certificate.subject),
      serial: serialHex(issued.certificate),
      certificate: certificateDer(issued.certificate),
      sealedKey: sealPrivateKey(keySource, issued.privateKey),
      notBefore: issued.certificate.notBefore.value,
      notAfter: issued.certificate.notAfter.value,
    });
  // A key in a PKCS#11 token: the row holds the token reference (pkcs11.ts), the certificate its public key.
  const keyOf = (record: CertificateRecord) => {
    if (!record.sealedKey.startsWith(PKCS11_PREFIX)) return importPrivateKey(openPrivateKey(keySource, record.sealedKey));
    if (!config.signingPkcs11) throw new Pkcs11Error('not_configured');
    return tokenKey(config.signingPkcs11, keyIdOf(record.sealedKey), Buffer.from(parseCertificate(record.certificate).subjectPublicKeyInfo.toSchema().toBER(false)));
  };
  const identityOf = async (record: CertificateRecord, chain: pkijs.Certificate[]): Promise<SigningIdentity> => ({
    key: await keyOf(record),
    // An imported certificate carries the chain it came with (the root left out, as for the demo chain).
    chain: [parseCertificate(record.certificate), ...(record.source === 'pkcs12' ? fromPem(record.chainPem).filter((c) => !isSelfSigned(c)) : chain)],
  });
  // Roots relying parties trust: the demo root, and those of imported certificates (an administrator imported them).
  const trustedRoots = async (root: pkijs.Certificate) => [root, ...(await findImportedChains(db)).flatMap((pem) => fromPem(pem).filter(isSelfSigned))];

  let authorities: Promise<Authorities> | undefined;
  async function loadAuthorities(): Promise<Authorities> {
    let records = await findAuthorities(db);
    if (records.length < 3) {
      await db.transaction().execute(async (trx) => {
        await lockPki(trx);
        if ((await findAuthorities(trx)).length >= 3) return;
        for (const issued of await createDemoAuthorities(config.country, pkiUrls(config.publicUrl))) await store(trx, issued);
      });
      records = await findAuthorities(db);
    }
    const byRole = (role: string) => records.find((r) => r.role === role)!;
    const issuing = await identityOf(byRole('issuing'), []);
    return { root: parseCertificate(byRole('root').certificate), issuing, tsa: await identityOf(byRole('tsa'), [issuing.chain[0]!]) };
  }
  const pki = () => {
    authorities ??= loadAuthorities().catch((error: unknown) => {
      authorities = undefined;
      throw error;
    });
    return authorities;
  };

  const agencies = new Map<string, Promise<SigningIdentity>>();
  async function loadAgency(agency: SigningAgency): Promise<SigningIdentity> {
    const { issuing } = await pki();
    let record = await findAgencyCertificate(db, agency.code);
    if (!record) {
      await db.transaction().execute(async (trx) => {
        await lockPki(trx);
        if (await findAgencyCertificate(trx, agency.code)) return;
        await store(trx, await createAgencyCertificate({ certificate: issuing.chain[0]!, key: issuing.key }, agency.code, agency.name, config.country, pkiUrls(config.publicUrl)));
      });
      record = (await findAgencyCertificate(db, agency.code))!;
    }
    return identityOf(record, [issuing.chain[0]!]);
  }
  const agencyIdentity = (agency: SigningAgency) => {
    let identity = agencies.get(agency.code);
    if (!identity) {
      identity = loadAgency(agency).catch((error: unknown) => {
        agencies.delete(agency.code);
        throw error;
      });
      agencies.set(agency.code, identity);
    }
    return identity;
  };

  async function verifyTimestamp(token: Buffer, signatureValue: Uint8Array, root: pkijs.Certificate): Promise<Date | null> {
    try {
      const signedData = parseSignedData(token);
      if (signedData.encapContentInfo.eContentType !== OID.tstInfo) return null;
      const eContent = signedData.encapContentInfo.eContent;
      if (!eContent) return null;
      const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
      if (!(await tstInfo.verify({ data: arrayBuffer(signatureValue) }))) return null;
      const result = await signedData.verify({ signer: 0, trustedCerts: [root], checkChain: true, extendedMode: true, checkDate: tstInfo.genTime, data: arrayBuffer(signatureValue) });
      return result.signatureVerified && result.signerCertificateVerified ? tstInfo.genTime : null;
    } catch {
      return null;
    }
  }

  let crl: { made: number; value: Promise<pkijs.CertificateRevocationList> } | undefined;
  const currentCrl = () => {
    if (!crl || Date.now() - crl.made > 3600_000) {
      const value = pki().then(({ issuing }) => findRevocations(db).then((revoked) => createCrl({ certificate: issuing.chain[0]!, key: issuing.key }, revoked)));
      crl = { made: Date.now(), value };
      value.catch(() => {
        crl = undefined;
      });
    }
    return crl.value;
  };

  const statusOf = async (serial: string): Promise<SerialStatus> => {
    const known = await findIssuedStatus(db, serial);
    if (!known) return { status: 'unknown' };
    return known.revokedAt ? { status: 'revoked', revokedAt: known.revokedAt, reason: known.reason } : { status: 'good' };
  };
  // The OCSP response embedded in an agency's signatures (B-LT): one per agency, remade
  // every 30 minutes or after a revocation (forgetCrl), so signing costs no extra RSA operation.
  const ocspCache = new Map<string, { made: number; value: Promise<Buffer> }>();
  const ocspOf = (agencyCode: string, identity: SigningIdentity) => {
    let cached = ocspCache.get(agencyCode);
    if (!cached || Date.now() - cached.made > 1800_000) {
      const value = pki().then(async ({ issuing }) => {
        const certificate = identity.chain[0]!;
        const issuer = { certificate: issuing.chain[0]!, key: issuing.key };
        return ocspResponse(issuer, [{ certID: await certIdOf(certificate, issuer.certificate), known: await statusOf(serialHex(certificate)) }]);
      });
      cached = { made: Date.now(), value };
      ocspCache.set(agencyCode, cached);
      value.catch(() => ocspCache.delete(agencyCode));
    }
    return cached.value;
  };

  /** Makes `certificate` the agency's current one (the old one marked replaced), audited in the same transaction; answers its serial. */
  async function installAgencyCertificate(
    agency: SigningAgency,
    entry: { source: 'demo' | 'pkcs12'; certificate: pkijs.Certificate; chainPem?: string; sealedKey: string },
    actor: { id: string },
    requestId: string | null,
    audit: { action: string; data: Record<string, string> },
  ): Promise<string> {
    const { certificate } = entry;
    const serial = serialHex(certificate);
    const installed = await db.transaction().execute(async (trx) => {
      await lockPki(trx);
      // The same file sent again (a replay, a double click): nothing changes; the certificate of another agency, or replaced: refused.
      const existing = await findCertificateBySerial(trx, serial);
      if (existing?.agencyCode === agency.code && existing.current) return false;
      if (existing) throw new Pkcs12Error('already_imported');
      await replaceAgencyCertificate(trx, agency.code);
      await insertCertificate(trx, {
        id: uuidv7(),
        role: 'agency',
        agencyCode: agency.code,
        source: entry.source,
        subject: commonName(certificate.subject),
        serial,
        certificate: certificateDer(certificate),
        ...(entry.chainPem ? { chainPem: entry.chainPem } : {}),
        sealedKey: entry.sealedKey,
        notBefore: certificate.notBefore.value,
        notAfter: certificate.notAfter.value,
      });
      await recordAudit(trx, {
        actor: { type: 'admin', id: actor.id },
        action: audit.action,
        subject: { type: 'signing_certificate', id: serial },
        data: { serial, agencyCode: agency.code, ...audit.data },
        requestId,
      });
      return true;
    });
    if (!installed) return serial;
    agencies.delete(agency.code);
    ocspCache.delete(agency.code);
    return serial;
  }

  return {
    async signPdf(pdf, agency, dictionary = {}) {
      const [identity, { tsa, issuing }, revocations] = await Promise.all([agencyIdentity(agency), pki(), currentCrl()]);
      // Validation data from the demo CA only for what it issued (an imported certificate's CA publishes its own).
      const ours = Buffer.from(identity.chain[0]!.issuer.toSchema().toBER(false)).equals(Buffer.from(issuing.chain[0]!.subject.toSchema().toBER(false)));
      const revocation = ours ? { crls: [revocations], ocsps: [await ocspOf(agency.code, identity)] } : { crls: [], ocsps: [] };
      return signPdfBytes(pdf, { name: agency.name, reason: 'Documento oficial', location: config.country, contactInfo: '', ...dictionary }, (content, time) =>
        cadesDetached(identity, content, tsa, time, revocation),
      );
    },
    async ocsp(request) {
      const { issuing } = await pki();
      return answerOcspRequest({ certificate: issuing.chain[0]!, key: issuing.key }, request, statusOf);
    },
    async signDetached(content, agency) {
      const [identity, { tsa }] = await Promise.all([agencyIdentity(agency), pki()]);
      return cadesDetached(identity, content, tsa);
    },
    async crl() {
      return Buffer.from((await currentCrl()).toSchema().toBER(false));
    },
    forgetCrl() {
      crl = undefined;
      ocspCache.clear();
    },
    agencyCertificates: () => listAgencyCertificates(db),
    async importPkcs12(agency, file, password, actor, requestId) {
      const { root } = await pki();
      const opened = await openPkcs12(file, password, root);
      const { certificate } = opened;
      return installAgencyCertificate(agency, { source: 'pkcs12', certificate, chainPem: toPem(opened.chain), sealedKey: sealPrivateKey(keySource, opened.privateKey) }, actor, requestId, {
        action: 'signing.certificate_imported',
        data: { subject: commonName(certificate.subject), issuer: commonName(certificate.issuer) },
      });
    },
    async usePkcs11Key(agency, typedKeyId, actor, requestId) {
      if (!config.signingPkcs11) throw new Pkcs11Error('not_configured');
      const keyId = normaliseKeyId(typedKeyId);
      if (!keyId) throw new Pkcs11Error('key_not_found');
      const { spki } = await tokenPublicKey(config.signingPkcs11, keyId);
      // The token must sign before the key is bound: a wrong PIN or a missing key stops here.
      await (await tokenKey(config.signingPkcs11, keyId, spki)).signExternally(Buffer.from('tambo pkcs11 check'));
      const { issuing } = await pki();
      const certificate = await certifyAgencyKey({ certificate: issuing.chain[0]!, key: issuing.key }, agency.code, agency.name, config.country, spki, pkiUrls(config.publicUrl));
      return installAgencyCertificate(agency, { source: 'demo', certificate, sealedKey: keyReference(keyId) }, actor, requestId, {
        action: 'signing.pkcs11_key_bound',
        data: { keyId, token: config.signingPkcs11.token },
      });
    },
    async revokeCertificate({ serial, reason, at }, actor, requestId) {
      const certificate = await findAgencyCertificateBySerial(db, serial);
      if (!certificate) return 'not_found';
      const revoked = await db.transaction().execute(async (trx) => {
        if (!(await revokeCertificate(trx, serial, reason, at))) return false;
        await recordAudit(trx, {
          actor: { type: 'admin', id: actor.id },
          action: 'signing.certificate_revoked',
          subject: { type: 'signing_certificate', id: serial },
          data: { serial, agencyCode: certificate.agencyCode, reason, revokedAt: at.toISOString() },
          requestId,
        });
        return true;
      });
      if (!revoked) return 'already_revoked';
      crl = undefined;
      ocspCache.clear();
      agencies.delete(certificate.agencyCode);
      return 'revoked';
    },
    async archivePdf(pdf) {
      const { tsa, issuing, root } = await pki();
      const certs = new Map<string, Buffer>();
      const crls: Buffer[] = [Buffer.from((await currentCrl()).toSchema().toBER(false))];
      const ocsps: Buffer[] = [];
      const addCert = (certificate: pkijs.Certificate) => {
        const der = certificateDer(certificate);
        certs.set(der.toString('base64'), der);
      };
      // The validation data of every signature and timestamp already in the file, then the TSA chain's.
      for (const signature of readPdfSignatures(pdf) ?? []) {
        try {
          const signedData = parseSignedData(signature.cms);
          for (const certificate of signedData.certificates ?? []) if (certificate instanceof pkijs.Certificate) addCert(certificate);
          for (const signerInfo of signedData.signerInfos) {
            const embedded = embeddedRevocationOf(signerInfo);
            crls.push(...embedded.crls);
            ocsps.push(...embedded.ocsps);
            const token = signatureTimestampOf(signerInfo);
            if (token) for (const certificate of parseSignedData(token).certificates ?? []) if (certificate instanceof pkijs.Certificate) addCert(certificate);
          }
        } catch {
          // Not CMS we can read: nothing of it to keep.
        }
      }
      for (const certificate of [...tsa.chain, root]) addCert(certificate);
      const issuer = { certificate: issuing.chain[0]!, key: issuing.key };
      const tsaCertificate = tsa.chain[0]!;
      ocsps.push(await ocspResponse(issuer, [{ certID: await certIdOf(tsaCertificate, issuer.certificate), known: await statusOf(serialHex(tsaCertificate)) }]));
      const unique = (items: Buffer[]) => [...new Map(items.map((item) => [item.toString('base64'), item])).values()];
      let archivedAt = new Date();
      const archived = await addArchiveTimestamp(pdf, { certs: [...certs.values()], crls: unique(crls), ocsps: unique(ocsps) }, async (content) => {
        archivedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
        return Buffer.from((await timestampToken(tsa, await sha256(content), archivedAt)).toSchema().toBER(false));
      });
      return { pdf: archived, archivedAt, tsaSerial: serialHex(tsaCertificate), tsaNotAfter: tsaCertificate.notAfter.value };
    },
    async timestampExpiry(pdf) {
      const signatures = readPdfSignatures(pdf) ?? [];
      const newest = signatures.at(-1);
      if (!newest) return null;
      try {
        let token = newest.cms;
        if (newest.subFilter !== SUBFILTER_ETSI_RFC3161) {
          const signerInfo = parseSignedData(newest.cms).signerInfos[0];
          const signatureToken = signerInfo && signatureTimestampOf(signerInfo);
          if (!signatureToken) return null;
          token = signatureToken;
        }
        const signedData = parseSignedData(token);
        const sid = signedData.signerInfos[0]?.sid;
        const serial = sid instanceof pkijs.IssuerAndSerialNumber ? Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString('hex') : undefined;
        const certificate = (signedData.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && serialHex(c) === serial);
        return certificate ? certificate.notAfter.value : null;
      } catch {
        return null;
      }
    },
    async renewTsaIfExpiring(before, validFor) {
      const renewed = await db.transaction().execute(async (trx) => {
        await lockPki(trx);
        const current = (await findAuthorities(trx)).find((r) => r.role === 'tsa');
        if (current && current.notAfter > before) return false;
        const { issuing } = await pki();
        const issued = await createTsaCertificate({ certificate: issuing.chain[0]!, key: issuing.key }, config.country, pkiUrls(config.publicUrl), new Date(), validFor);
        await replaceAuthority(trx, 'tsa');
        await store(trx, issued);
        await recordAudit(trx, {
          actor: { type: 'system', id: 'signing' },
          action: 'signing.tsa_renewed',
          subject: { type: 'signing_certificate', id: serialHex(issued.certificate) },
          data: { serial: serialHex(issued.certificate), previousSerial: current ? serialHex(parseCertificate(current.certificate)) : null, notAfter: issued.certificate.notAfter.value.toISOString() },
          requestId: null,
        });
        return true;
      });
      // This process signs with the new TSA from now on; others when they reload (restart).
      if (renewed) authorities = undefined;
      return renewed;
    },
    async signRaw(data, agency) {
      const identity = await agencyIdentity(agency);
      return Buffer.from(await signWith(identity.key, data));
    },
    async timestamp(imprint, time, nonce) {
      const { tsa } = await pki();
      return Buffer.from((await timestampToken(tsa, imprint, time, nonce)).toSchema().toBER(false));
    },
    async authorities() {
      const { root, issuing, tsa } = await pki();
      return { root: certificateDer(root), issuing: certificateDer(issuing.chain[0]!), tsa: certificateDer(tsa.chain[0]!) };
    },
    async verifyPdf(pdf) {
      const result: PdfVerification = {
        status: 'invalid',
        problems: [],
        coversWholeDocument: false,
        signatureIntact: false,
        chainTrusted: false,
        signer: null,
        timestampedAt: null,
        archivedAt: null,
        subFilter: null,
      };
      const last = readPdfSignature(pdf);
      if (!last) return { ...result, status: 'unsigned', problems: ['no_signature'] };
      const { root } = await pki();
      // The signature is the last one that is not a document timestamp; the document
      // timestamps after it (B-LTA) must each hold and their revisions only add validation data.
      const all = readPdfSignatures(pdf) ?? [last];
      const index = all.findLastIndex((s) => s.subFilter !== SUBFILTER_ETSI_RFC3161);
      const signature = all[index] ?? last;
      const archives = index >= 0 ? all.slice(index + 1) : [];
      result.coversWholeDocument = signature.coversWholeDocument;
      result.subFilter = signature.subFilter ?? null;
      let archivesHold = true;
      if (archives.length > 0) {
        const [a, b, c, d] = signature.byteRange;
        result.coversWholeDocument = last.coversWholeDocument && a === 0 && b < c && onlyArchiveRevisions(pdf, c + d, pdf.length);
        for (const archive of archives) {
          const at = await verifyTimestamp(archive.cms, archive.signedContent, root);
          if (!at) archivesHold = false;
          else result.archivedAt = at;
        }
        if (!archivesHold) result.archivedAt = null;
      }
      let signedData: pkijs.SignedData;
      try {
        signedData = parseSignedData(signature.cms);
      } catch {
        return { ...result, problems: ['malformed'] };
      }
      const signerInfo = signedData.signerInfos[0];
      if (!signerInfo) return { ...result, problems: ['malformed'] };
      const token = signatureTimestampOf(signerInfo);
      if (token) result.timestampedAt = await verifyTimestamp(token, signerInfo.signature.valueBlock.valueHexView, root);
      let verified: Partial<pkijs.SignedDataVerifyResult>;
      // Revocation is checked below against the platform's own records: an embedded CRL is
      // for relying parties offline (pkijs' chain engine would want one for every level).
      signedData.crls = undefined;
      try {
        verified = await signedData.verify({
          signer: 0,
          data: arrayBuffer(signature.signedContent),
          trustedCerts: await trustedRoots(root),
          checkChain: true,
          extendedMode: true,
          checkDate: result.timestampedAt ?? new Date(),
        });
      } catch (error) {
        verified = error as pkijs.SignedDataVerifyError;
      }
      result.signatureIntact = verified.signatureVerified === true;
      result.chainTrusted = verified.signerCertificateVerified === true;
      const signer = verified.signerCertificate;
      if (signer) result.signer = { commonName: commonName(signer.subject), organization: organizationOf(signer), serial: serialHex(signer) };
      if (!result.coversWholeDocument) result.problems.push('partial_coverage');
      if (!result.signatureIntact || !archivesHold) result.problems.push('signature_mismatch');
      if (!result.chainTrusted) result.problems.push('untrusted_chain');
      if (token && !result.timestampedAt) result.problems.push('timestamp_invalid');
      if (signer && result.chainTrusted) {
        const revoked = (await findRevocations(db)).find((r) => r.serial === serialHex(signer));
        if (revoked && (result.timestampedAt ?? new Date()) >= revoked.revokedAt) result.problems.push('certificate_revoked');
      }
      if (result.problems.length === 0) result.status = 'valid';
      return result;
    },
  };
}

export { sha256 };
