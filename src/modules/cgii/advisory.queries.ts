// Every SQL statement on the CGII's advisories: declared products, advisories, their recipients
// and read receipts.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Severity, Tlp } from './cgii.types.ts';

export interface Product {
  name: string;
  versions: string[];
}
export interface Advisory {
  id: string;
  code: string;
  title: string;
  description: string;
  actions: string;
  products: Product[];
  cve: string[];
  severity: Severity;
  tlp: Tlp;
  audience: 'all' | 'products';
  author: string;
  publishedAt: Date;
  /** 1 when published; each edit adds one. */
  version: number;
  modifiedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
}
/** An edit: the version it made, who, when, and each changed field's earlier and new value. */
export interface AdvisoryEdit {
  version: number;
  editedBy: string;
  editedAt: Date;
  changes: Record<string, { from: unknown; to: unknown }>;
  renotified: boolean;
}
/** The fields an edit may change. */
export type AdvisoryContent = Pick<Advisory, 'title' | 'description' | 'actions' | 'products' | 'cve' | 'severity' | 'tlp'>;
export interface Receipt {
  agencyCode: string;
  firstReadAt: Date | null;
  firstReadBy: string | null;
}

const ADVISORY = sql`id, code, title, description, actions, products, cve, severity, tlp, audience, author, published_at AS "publishedAt",
  version, modified_at AS "modifiedAt", withdrawn_at AS "withdrawnAt", withdrawn_by AS "withdrawnBy", withdrawal_reason AS "withdrawalReason"`;

/** Replaces an entity's declared products. */
export async function replaceProducts(db: Queryable, agencyCode: string, products: Product[], accountId: string): Promise<void> {
  await sql`DELETE FROM cgii.product WHERE agency_code = ${agencyCode}`.execute(db);
  for (const p of products) {
    await sql`INSERT INTO cgii.product (agency_code, name, versions, declared_by) VALUES (${agencyCode}, ${p.name}, ${p.versions}::text[], ${accountId})`.execute(db);
  }
}

export async function listProducts(db: Queryable, agencyCode: string): Promise<Product[]> {
  const { rows } = await sql<Product>`SELECT name, versions FROM cgii.product WHERE agency_code = ${agencyCode} ORDER BY lower(name)`.execute(db);
  return rows;
}

/** Every entity's declared products (to match an advisory's affected products). */
export async function allDeclaredProducts(db: Queryable): Promise<Array<Product & { agencyCode: string }>> {
  const { rows } = await sql<Product & { agencyCode: string }>`SELECT agency_code AS "agencyCode", name, versions FROM cgii.product`.execute(db);
  return rows;
}

/** Inserts an advisory and its recipients; answers false (and inserts nothing) when one with its id or code is there already. */
export async function insertAdvisory(db: Queryable, a: Advisory, recipients: string[]): Promise<boolean> {
  const inserted = await sql`
    INSERT INTO cgii.advisory (id, code, title, description, actions, products, cve, severity, tlp, audience, author, published_at,
      version, modified_at, withdrawn_at, withdrawn_by, withdrawal_reason)
    VALUES (${a.id}, ${a.code}, ${a.title}, ${a.description}, ${a.actions}, ${JSON.stringify(a.products)}::jsonb, ${a.cve}::text[], ${a.severity}, ${a.tlp}, ${a.audience},
      ${a.author}, ${a.publishedAt}, ${a.version}, ${a.modifiedAt}, ${a.withdrawnAt}, ${a.withdrawnBy}, ${a.withdrawalReason})
    ON CONFLICT DO NOTHING`.execute(db);
  if (Number(inserted.numAffectedRows ?? 0) === 0) return false;
  if (recipients.length > 0) await sql`INSERT INTO cgii.advisory_recipient (advisory_id, agency_code) SELECT ${a.id}, unnest(${recipients}::text[])`.execute(db);
  return true;
}

/** The recipients' agency codes of an advisory. */
export async function recipientCodes(db: Queryable, advisoryId: string): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`SELECT agency_code AS code FROM cgii.advisory_recipient WHERE advisory_id = ${advisoryId} ORDER BY agency_code`.execute(db);
  return rows.map((r) => r.code);
}

/** Locks an advisory's row for an edit or a withdrawal. */
export async function lockAdvisory(db: Queryable, id: string): Promise<Advisory | undefined> {
  const { rows } = await sql<Advisory>`SELECT ${ADVISORY} FROM cgii.advisory WHERE id = ${id} FOR UPDATE`.execute(db);
  return rows[0];
}

/** Writes an edit: the new content and version, and the version's row. */
export async function updateAdvisory(db: Queryable, id: string, content: AdvisoryContent, edit: AdvisoryEdit): Promise<void> {
  await sql`
    UPDATE cgii.advisory SET title = ${content.title}, description = ${content.description}, actions = ${content.actions},
      products = ${JSON.stringify(content.products)}::jsonb, cve = ${content.cve}::text[], severity = ${content.severity}, tlp = ${content.tlp},
      version = ${edit.version}, modified_at = ${edit.editedAt}
    WHERE id = ${id}`.execute(db);
  await sql`
    INSERT INTO cgii.advisory_version (advisory_id, version, edited_by, edited_at, changes, renotified)
    VALUES (${id}, ${edit.version}, ${edit.editedBy}, ${edit.editedAt}, ${JSON.stringify(edit.changes)}::jsonb, ${edit.renotified})`.execute(db);
}

export async function listEdits(db: Queryable, advisoryId: string): Promise<AdvisoryEdit[]> {
  const { rows } = await sql<AdvisoryEdit>`
    SELECT version, edited_by AS "editedBy", edited_at AS "editedAt", changes, renotified
    FROM cgii.advisory_version WHERE advisory_id = ${advisoryId} ORDER BY version DESC`.execute(db);
  return rows;
}

/** Withdraws an advisory once: answers false when it was withdrawn already. */
export async function markWithdrawn(db: Queryable, id: string, accountId: string, reason: string, at: Date): Promise<boolean> {
  const result = await sql`
    UPDATE cgii.advisory SET withdrawn_at = ${at}, withdrawn_by = ${accountId}, withdrawal_reason = ${reason}
    WHERE id = ${id} AND withdrawn_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findAdvisory(db: Queryable, id: string): Promise<Advisory | undefined> {
  const { rows } = await sql<Advisory>`SELECT ${ADVISORY} FROM cgii.advisory WHERE id = ${id}`.execute(db);
  return rows[0];
}

/** Advisories, newest first: every one, those addressed to these agencies, or the public ones (TLP:CLEAR). */
export async function listAdvisories(db: Queryable, filter: { all: true } | { agencies: string[] } | { public: true }): Promise<Advisory[]> {
  const where =
    'all' in filter ? sql`` : 'public' in filter ? sql`WHERE tlp = 'clear'` : sql`WHERE id IN (SELECT advisory_id FROM cgii.advisory_recipient WHERE agency_code = ANY(${filter.agencies}::text[]))`;
  const { rows } = await sql<Advisory>`SELECT ${ADVISORY} FROM cgii.advisory ${where} ORDER BY published_at DESC LIMIT 200`.execute(db);
  return rows;
}

export async function listReceipts(db: Queryable, advisoryId: string): Promise<Receipt[]> {
  const { rows } = await sql<Receipt>`
    SELECT agency_code AS "agencyCode", first_read_at AS "firstReadAt", first_read_by AS "firstReadBy"
    FROM cgii.advisory_recipient WHERE advisory_id = ${advisoryId} ORDER BY first_read_at NULLS LAST, agency_code`.execute(db);
  return rows;
}

/** Records an entity's first read; answers whether this call was the first (one row, even under parallel reads). */
export async function markFirstRead(db: Queryable, advisoryId: string, agencyCode: string, accountId: string, at: Date): Promise<boolean> {
  const result = await sql`
    UPDATE cgii.advisory_recipient SET first_read_at = ${at}, first_read_by = ${accountId}
    WHERE advisory_id = ${advisoryId} AND agency_code = ${agencyCode} AND first_read_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
