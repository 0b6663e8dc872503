// SQL of the signing service (platform.signing_certificate; src/platform/signing).
import { sql } from 'kysely';
import { type Queryable, typed } from '../db/index.ts';
import type { Tables } from '../db/platform.generated.ts';
import type { CertificateRole } from './pki.ts';

const PKI_LOCK = 74_174_611;

export interface CertificateRecord {
  id: string;
  role: CertificateRole;
  agencyCode: string | null;
  source: 'demo' | 'pkcs12';
  certificate: Buffer;
  chainPem: string;
  sealedKey: string;
  notAfter: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
}

/** Serialises processes that create the demo PKI or an agency's certificate, until the transaction ends. */
export async function lockPki(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${PKI_LOCK})`.execute(trx);
}

const columns = ['id', 'role', 'agency_code', 'source', 'certificate', 'chain_pem', 'sealed_key', 'not_after', 'revoked_at', 'revocation_reason'] as const;
type Row = {
  id: string;
  role: string;
  agency_code: string | null;
  source: string;
  certificate: Buffer;
  chain_pem: string;
  sealed_key: string;
  not_after: Date;
  revoked_at: Date | null;
  revocation_reason: string | null;
};
const toRecord = (r: Row): CertificateRecord => ({
  id: r.id,
  role: r.role as CertificateRole,
  agencyCode: r.agency_code,
  source: r.source as 'demo' | 'pkcs12',
  certificate: r.certificate,
  chainPem: r.chain_pem,
  sealedKey: r.sealed_key,
  notAfter: r.not_after,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
});

/** The current root, issuing CA and TSA (none on a new installation). */
export async function findAuthorities(db: Queryable): Promise<CertificateRecord[]> {
  const rows = await typed<Tables>(db).selectFrom('platform.signing_certificate').select(columns).where('role', '<>', 'agency').where('replaced_at', 'is', null).execute();
  return rows.map(toRecord);
}

export async function findAgencyCertificate(db: Queryable, agencyCode: string): Promise<CertificateRecord | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('platform.signing_certificate')
    .select(columns)
    .where('role', '=', 'agency')
    .where('agency_code', '=', agencyCode)
    .where('replaced_at', 'is', null)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Every certificate ever used with its revocation (the CRL and the OCSP responder read it). */
export async function findRevocations(db: Queryable): Promise<{ serial: string; revokedAt: Date; reason: string | null }[]> {
  const rows = await typed<Tables>(db).selectFrom('platform.signing_certificate').select(['serial', 'revoked_at', 'revocation_reason']).where('revoked_at', 'is not', null).execute();
  return rows.map((r) => ({ serial: r.serial, revokedAt: r.revoked_at!, reason: r.revocation_reason }));
}

/** The revocation of a certificate the demo issuing CA issued (an agency's or the TSA's), by serial (hex); undefined when it issued none. */
export async function findIssuedStatus(db: Queryable, serial: string): Promise<{ revokedAt: Date | null; reason: string | null } | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('platform.signing_certificate')
    .select(['revoked_at', 'revocation_reason'])
    .where('serial', '=', serial)
    .where('source', '=', 'demo')
    .where('role', 'in', ['agency', 'tsa'])
    .executeTakeFirst();
  return row ? { revokedAt: row.revoked_at, reason: row.revocation_reason } : undefined;
}

/** The chains (PEM) imported certificates came with, for the trusted roots. */
export async function findImportedChains(db: Queryable): Promise<string[]> {
  const rows = await typed<Tables>(db).selectFrom('platform.signing_certificate').select('chain_pem').where('source', '=', 'pkcs12').execute();
  return rows.map((r) => r.chain_pem);
}

export async function insertCertificate(
  db: Queryable,
  c: {
    id: string;
    role: CertificateRole;
    agencyCode: string | null;
    source: 'demo' | 'pkcs12';
    subject: string;
    serial: string;
    certificate: Buffer;
    chainPem?: string;
    sealedKey: string;
    notBefore: Date;
    notAfter: Date;
  },
): Promise<void> {
  await typed<Tables>(db)
    .insertInto('platform.signing_certificate')
    .values({
      id: c.id,
      role: c.role,
      agency_code: c.agencyCode,
      source: c.source,
      subject: c.subject,
      serial: c.serial,
      certificate: c.certificate,
      chain_pem: c.chainPem ?? '',
      sealed_key: c.sealedKey,
      not_before: c.notBefore,
      not_after: c.notAfter,
    })
    .execute();
}

/** Marks an agency's current certificate replaced (before a new one, e.g. an imported PKCS#12, is inserted). */
export async function replaceAgencyCertificate(db: Queryable, agencyCode: string): Promise<void> {
  await typed<Tables>(db)
    .updateTable('platform.signing_certificate')
    .set({ replaced_at: sql`now()` })
    .where('role', '=', 'agency')
    .where('agency_code', '=', agencyCode)
    .where('replaced_at', 'is', null)
    .execute();
}

/** Marks the current authority of a role replaced (the TSA's renewal; the new one is inserted next, in the same transaction). */
export async function replaceAuthority(db: Queryable, role: 'tsa'): Promise<void> {
  await typed<Tables>(db).updateTable('platform.signing_certificate').set({ replaced_at: sql`now()` }).where('role', '=', role).where('replaced_at', 'is', null).execute();
}

/** Revokes a certificate the demo CA issued, by serial (hex), from `at`; it is replaced too (the agency gets a new one). Answers whether one was revoked now. */
export async function revokeCertificate(db: Queryable, serial: string, reason: string, at: Date): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('platform.signing_certificate')
    .set({ revoked_at: at, revocation_reason: reason, replaced_at: sql`coalesce(replaced_at, now())` })
    .where('serial', '=', serial)
    .where('role', '=', 'agency')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface AgencyCertificateRow {
  serial: string;
  agencyCode: string;
  subject: string;
  source: 'demo' | 'pkcs12';
  notBefore: Date;
  notAfter: Date;
  replacedAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
}

/** Every agency certificate (current and replaced), newest first. */
export async function listAgencyCertificates(db: Queryable): Promise<AgencyCertificateRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('platform.signing_certificate')
    .select(['serial', 'agency_code', 'subject', 'source', 'not_before', 'not_after', 'replaced_at', 'revoked_at', 'revocation_reason'])
    .where('role', '=', 'agency')
    .orderBy('created_at', 'desc')
    .orderBy('serial')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    serial: r.serial,
    agencyCode: r.agency_code!,
    subject: r.subject,
    source: r.source as 'demo' | 'pkcs12',
    notBefore: r.not_before,
    notAfter: r.not_after,
    replacedAt: r.replaced_at,
    revokedAt: r.revoked_at,
    revocationReason: r.revocation_reason,
  }));
}

/** An agency certificate by serial (for the revocation's checks). */
export async function findAgencyCertificateBySerial(db: Queryable, serial: string): Promise<AgencyCertificateRow | undefined> {
  return (await listAgencyCertificates(db)).find((c) => c.serial === serial);
}

/** Any certificate with this serial (hex): whose agency, and whether it is still current. */
export async function findCertificateBySerial(db: Queryable, serial: string): Promise<{ agencyCode: string | null; current: boolean } | undefined> {
  const row = await typed<Tables>(db).selectFrom('platform.signing_certificate').select(['agency_code', 'replaced_at']).where('serial', '=', serial).executeTakeFirst();
  return row ? { agencyCode: row.agency_code, current: row.replaced_at === null } : undefined;
}
