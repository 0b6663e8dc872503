// Every SQL statement on the cgii schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Evidence, Incident, Indicator, IndicatorKind, Note, NoteKind, Severity, Status, Tlp } from './cgii.types.ts';

interface IncidentRow {
  id: string;
  code: string;
  agency_code: string;
  reported_by: string;
  reported_via: Incident['reportedVia'];
  title: string;
  description: string;
  detected_at: Date;
  reported_at: Date;
  systems_affected: string;
  data_affected: string;
  personal_data: boolean;
  category: string;
  severity: Severity;
  tlp: Tlp;
  status: Status;
  assigned_to: string | null;
  first_response_due: Date;
  containment_due: Date;
  closure_due: Date;
  first_response_at: Date | null;
  contained_at: Date | null;
  closed_at: Date | null;
  closure_report: string | null;
  escalated_at: Date | null;
}
const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  code: r.code,
  agencyCode: r.agency_code,
  reportedBy: r.reported_by,
  reportedVia: r.reported_via,
  title: r.title,
  description: r.description,
  detectedAt: r.detected_at,
  reportedAt: r.reported_at,
  systemsAffected: r.systems_affected,
  dataAffected: r.data_affected,
  personalData: r.personal_data,
  category: r.category,
  severity: r.severity,
  tlp: r.tlp,
  status: r.status,
  assignedTo: r.assigned_to,
  firstResponseDue: r.first_response_due,
  containmentDue: r.containment_due,
  closureDue: r.closure_due,
  firstResponseAt: r.first_response_at,
  containedAt: r.contained_at,
  closedAt: r.closed_at,
  closureReport: r.closure_report,
  escalatedAt: r.escalated_at,
});

export async function insertIncident(db: Queryable, i: Incident & { sourceKey: string | null }): Promise<boolean> {
  const result = await sql`
    INSERT INTO cgii.incident (id, code, agency_code, reported_by, reported_via, title, description, detected_at, reported_at, systems_affected, data_affected,
      personal_data, category, severity, tlp, status, assigned_to, first_response_due, containment_due, closure_due, first_response_at, contained_at, closed_at,
      closure_report, escalated_at, source_key)
    VALUES (${i.id}, ${i.code}, ${i.agencyCode}, ${i.reportedBy}, ${i.reportedVia}, ${i.title}, ${i.description}, ${i.detectedAt}, ${i.reportedAt}, ${i.systemsAffected},
      ${i.dataAffected}, ${i.personalData}, ${i.category}, ${i.severity}, ${i.tlp}, ${i.status}, ${i.assignedTo}, ${i.firstResponseDue}, ${i.containmentDue}, ${i.closureDue},
      ${i.firstResponseAt}, ${i.containedAt}, ${i.closedAt}, ${i.closureReport}, ${i.escalatedAt}, ${i.sourceKey})
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function insertIndicators(db: Queryable, incidentId: string, indicators: Indicator[]): Promise<void> {
  for (const [position, i] of indicators.entries()) {
    await sql`INSERT INTO cgii.indicator (incident_id, position, kind, value) VALUES (${incidentId}, ${position + 1}, ${i.kind}, ${i.value})`.execute(db);
  }
}

export async function findIncident(db: Queryable, key: { id: string } | { sourceKey: string }, options: { forUpdate?: boolean; skipLocked?: boolean } = {}): Promise<Incident | undefined> {
  const where = 'id' in key ? sql`id = ${key.id}` : sql`source_key = ${key.sourceKey}`;
  const lock = options.forUpdate ? (options.skipLocked ? sql`FOR UPDATE SKIP LOCKED` : sql`FOR UPDATE`) : sql``;
  const { rows } = await sql<IncidentRow>`SELECT * FROM cgii.incident WHERE ${where} ${lock}`.execute(db);
  return rows[0] ? toIncident(rows[0]) : undefined;
}

/** Incidents, newest first: every one (agencies undefined) or those of the agencies named. */
export async function listIncidents(db: Queryable, agencies?: string[]): Promise<Incident[]> {
  const where = agencies === undefined ? sql`` : sql`WHERE agency_code = ANY(${agencies}::text[])`;
  const { rows } = await sql<IncidentRow>`SELECT * FROM cgii.incident ${where} ORDER BY (status = 'closed'), closure_due, reported_at DESC LIMIT 500`.execute(db);
  return rows.map(toIncident);
}

export async function listIndicators(db: Queryable, incidentId: string): Promise<Indicator[]> {
  const { rows } = await sql<{ kind: IndicatorKind; value: string }>`SELECT kind, value FROM cgii.indicator WHERE incident_id = ${incidentId} ORDER BY position`.execute(db);
  return rows;
}

export async function insertEvidence(db: Queryable, incidentId: string, e: Evidence, actor: string): Promise<void> {
  await sql`INSERT INTO cgii.evidence (incident_id, sha256, filename, media_type, size) VALUES (${incidentId}, ${e.sha256}, ${e.filename}, ${e.mediaType}, ${e.size}) ON CONFLICT DO NOTHING`.execute(
    db,
  );
  await insertCustody(db, incidentId, e.sha256, 'uploaded', actor);
}

export async function insertCustody(db: Queryable, incidentId: string, sha256: string, action: 'uploaded' | 'read', actor: string): Promise<void> {
  await sql`INSERT INTO cgii.custody (incident_id, sha256, action, actor) VALUES (${incidentId}, ${sha256}, ${action}, ${actor})`.execute(db);
}

export async function listEvidence(db: Queryable, incidentId: string): Promise<Evidence[]> {
  const { rows } = await sql<{ sha256: string; filename: string; media_type: string; size: number }>`
    SELECT sha256, filename, media_type, size FROM cgii.evidence WHERE incident_id = ${incidentId} ORDER BY filename, sha256`.execute(db);
  return rows.map((r) => ({ sha256: r.sha256, filename: r.filename, mediaType: r.media_type, size: r.size }));
}

export async function listCustody(db: Queryable, incidentId: string): Promise<Array<{ sha256: string; action: 'uploaded' | 'read'; actor: string; at: Date }>> {
  const { rows } = await sql<{ sha256: string; action: 'uploaded' | 'read'; actor: string; at: Date }>`
    SELECT sha256, action, actor, at FROM cgii.custody WHERE incident_id = ${incidentId} ORDER BY at, id`.execute(db);
  return rows;
}

interface NoteRow {
  id: string;
  incident_id: string;
  kind: NoteKind;
  author: string;
  body: string;
  tlp: Tlp;
  recipients: string[];
  created_at: Date;
}
export async function insertNote(db: Queryable, n: Note): Promise<void> {
  await sql`INSERT INTO cgii.note (id, incident_id, kind, author, body, tlp, recipients, created_at)
    VALUES (${n.id}, ${n.incidentId}, ${n.kind}, ${n.author}, ${n.body}, ${n.tlp}, ${n.recipients}::uuid[], ${n.createdAt}) ON CONFLICT DO NOTHING`.execute(db);
}

export async function listNotes(db: Queryable, incidentId: string): Promise<Note[]> {
  const { rows } = await sql<NoteRow>`SELECT id, incident_id, kind, author, body, tlp, recipients, created_at FROM cgii.note WHERE incident_id = ${incidentId} ORDER BY created_at, id`.execute(db);
  return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, kind: r.kind, author: r.author, body: r.body, tlp: r.tlp, recipients: r.recipients, createdAt: r.created_at }));
}

export async function updateIncident(
  db: Queryable,
  id: string,
  changes: Partial<
    Pick<
      Incident,
      | 'category'
      | 'severity'
      | 'tlp'
      | 'status'
      | 'assignedTo'
      | 'firstResponseDue'
      | 'containmentDue'
      | 'closureDue'
      | 'firstResponseAt'
      | 'containedAt'
      | 'closedAt'
      | 'closureReport'
      | 'escalatedAt'
      | 'personalData'
    >
  >,
): Promise<void> {
  const columns: Record<string, unknown> = {
    category: changes.category,
    severity: changes.severity,
    tlp: changes.tlp,
    status: changes.status,
    assigned_to: changes.assignedTo,
    first_response_due: changes.firstResponseDue,
    containment_due: changes.containmentDue,
    closure_due: changes.closureDue,
    first_response_at: changes.firstResponseAt,
    contained_at: changes.containedAt,
    closed_at: changes.closedAt,
    closure_report: changes.closureReport,
    escalated_at: changes.escalatedAt,
    personal_data: changes.personalData,
  };
  const sets = Object.entries(columns)
    .filter(([, v]) => v !== undefined)
    .map(([column, v]) => sql`${sql.ref(column)} = ${v}`);
  if (sets.length === 0) return;
  await sql`UPDATE cgii.incident SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

/** Open incidents past a due instant (first response or closure) and not yet escalated. */
export async function findOverdue(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM cgii.incident
    WHERE status <> 'closed' AND escalated_at IS NULL AND (closure_due <= ${now} OR (first_response_at IS NULL AND first_response_due <= ${now}))
    ORDER BY closure_due LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function insertDisclosure(
  db: Queryable,
  d: { id: string; code: string; reporterName: string; reporterContact: string; system: string; body: string; encrypted: boolean; creditAs: string | null; reporterAccountId: string | null },
): Promise<void> {
  await sql`INSERT INTO cgii.disclosure (id, code, reporter_name, reporter_contact, system, body, encrypted, credit_as, reporter_account_id)
    VALUES (${d.id}, ${d.code}, ${d.reporterName}, ${d.reporterContact}, ${d.system}, ${d.body}, ${d.encrypted}, ${d.creditAs}, ${d.reporterAccountId})`.execute(db);
}

export interface Disclosure {
  id: string;
  code: string;
  reporterName: string;
  reporterContact: string;
  system: string;
  body: string;
  encrypted: boolean;
  creditAs: string | null;
  status: 'received' | 'answered';
  answer: string | null;
  receivedAt: Date;
}
export async function listDisclosures(db: Queryable): Promise<Disclosure[]> {
  const { rows } = await sql<{
    id: string;
    code: string;
    reporter_name: string;
    reporter_contact: string;
    system: string;
    body: string;
    encrypted: boolean;
    credit_as: string | null;
    status: 'received' | 'answered';
    answer: string | null;
    received_at: Date;
  }>`SELECT id, code, reporter_name, reporter_contact, system, body, encrypted, credit_as, status, answer, received_at FROM cgii.disclosure ORDER BY received_at DESC LIMIT 200`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    reporterName: r.reporter_name,
    reporterContact: r.reporter_contact,
    system: r.system,
    body: r.body,
    encrypted: r.encrypted,
    creditAs: r.credit_as,
    status: r.status,
    answer: r.answer,
    receivedAt: r.received_at,
  }));
}

export async function answerDisclosure(db: Queryable, id: string, answer: string): Promise<boolean> {
  const result = await sql`UPDATE cgii.disclosure SET status = 'answered', answer = ${answer}, answered_at = now() WHERE id = ${id} AND status = 'received'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function disclosureExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM cgii.disclosure WHERE id = ${id}`.execute(db);
  return rows.length > 0;
}

/** Public credits: the names researchers asked to be credited with, for answered reports. */
export async function listCredits(db: Queryable): Promise<Array<{ creditAs: string; answeredAt: Date }>> {
  const { rows } = await sql<{ credit_as: string; answered_at: Date }>`
    SELECT credit_as, answered_at FROM cgii.disclosure WHERE status = 'answered' AND credit_as IS NOT NULL ORDER BY answered_at DESC LIMIT 100`.execute(db);
  return rows.map((r) => ({ creditAs: r.credit_as, answeredAt: r.answered_at }));
}

export interface CentreKeyRow {
  fingerprint: string;
  publicArmored: string;
  /** Sealed under the keyring purpose `cgii-openpgp`; null only for a row written before 002 (then `legacyArmored`). */
  privateSealed: string | null;
  legacyArmored: string | null;
  retiredAt: Date | null;
}

/** Every key of the centre, the current one (not retired) first, then the newest retired. */
export async function listCentreKeys(db: Queryable): Promise<CentreKeyRow[]> {
  const { rows } = await sql<{ fingerprint: string; public_armored: string; private_sealed: string | null; private_armored: string | null; retired_at: Date | null }>`
    SELECT fingerprint, public_armored, private_sealed, private_armored, retired_at FROM cgii.centre_key
    ORDER BY retired_at DESC NULLS FIRST, created_at DESC`.execute(db);
  return rows.map((r) => ({ fingerprint: r.fingerprint, publicArmored: r.public_armored, privateSealed: r.private_sealed, legacyArmored: r.private_armored, retiredAt: r.retired_at }));
}

/** Replaces a key kept in clear (before migration 002) by its sealed form. */
export async function sealLegacyCentreKey(db: Queryable, fingerprint: string, sealed: string): Promise<void> {
  await sql`UPDATE cgii.centre_key SET private_sealed = ${sealed}, private_armored = NULL WHERE fingerprint = ${fingerprint} AND private_armored IS NOT NULL`.execute(db);
}

/** Stores a new current key; nothing when another is current already (answers whether it was stored). */
export async function insertCentreKey(db: Queryable, key: { publicArmored: string; privateSealed: string; fingerprint: string }): Promise<boolean> {
  const result = await sql`INSERT INTO cgii.centre_key (public_armored, private_sealed, fingerprint) VALUES (${key.publicArmored}, ${key.privateSealed}, ${key.fingerprint})
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Retires the current key when it is `fingerprint` (the row locked until the transaction ends), answering it. */
export async function retireCurrentCentreKey(db: Queryable, fingerprint: string, now: Date): Promise<string | undefined> {
  const { rows } = await sql<{ fingerprint: string }>`
    UPDATE cgii.centre_key SET retired_at = ${now} WHERE retired_at IS NULL AND fingerprint = ${fingerprint} RETURNING fingerprint`.execute(db);
  return rows[0]?.fingerprint;
}

// "Mis datos" (personal-data.service.ts): what the CGII holds about an account. Instants as ISO text.

/** The incidents a person reported as an entity's security contact. */
export async function incidentsReportedBy(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT code, agency_code, title, to_json(detected_at)#>>'{}' AS detected_at, to_json(reported_at)#>>'{}' AS reported_at, personal_data, status
    FROM cgii.incident WHERE reported_by = ${accountId} ORDER BY reported_at DESC`.execute(db);
  return rows;
}

/** The notes, requests, answers and closures a person wrote in incidents' records. */
export async function notesWrittenBy(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT i.code, n.kind, n.tlp, n.body, to_json(n.created_at)#>>'{}' AS created_at
    FROM cgii.note n JOIN cgii.incident i ON i.id = n.incident_id WHERE n.author = ${accountId} ORDER BY n.created_at DESC`.execute(db);
  return rows;
}

/** The chain of custody's entries that name the person: the evidence they uploaded or read. */
export async function custodyOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT i.code, c.sha256, c.action, to_json(c.at)#>>'{}' AS at
    FROM cgii.custody c JOIN cgii.incident i ON i.id = c.incident_id WHERE c.actor = ${accountId} ORDER BY c.at DESC`.execute(db);
  return rows;
}

/** The vulnerability reports a person sent while signed in (the report's text as sent: encrypted when it was). */
export async function disclosuresBy(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT code, reporter_name, reporter_contact, system, body, encrypted, credit_as, status, answer,
      to_json(received_at)#>>'{}' AS received_at, to_json(answered_at)#>>'{}' AS answered_at
    FROM cgii.disclosure WHERE reporter_account_id = ${accountId} ORDER BY received_at DESC`.execute(db);
  return rows;
}
