// Every SQL statement on the Institutional Information Security Plans, their observations and
// reminders.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface Plan {
  id: string;
  agencyCode: string;
  sections: string;
  owner: string;
  /** YYYY-MM-DD */
  approvedOn: string;
  /** YYYY-MM-DD: the review date, until which the plan is in force. */
  expiresOn: string;
  pdfSha256: string | null;
  pdfFilename: string | null;
  filedBy: string;
  filedAt: Date;
  supersededAt: Date | null;
  lapsedAt: Date | null;
}
export interface Observation {
  id: string;
  planId: string;
  author: string;
  body: string;
  createdAt: Date;
}

const PLAN = sql`id, agency_code AS "agencyCode", sections, owner, approved_on::text AS "approvedOn", expires_on::text AS "expiresOn", pdf_sha256 AS "pdfSha256",
  pdf_filename AS "pdfFilename", filed_by AS "filedBy", filed_at AS "filedAt", superseded_at AS "supersededAt", lapsed_at AS "lapsedAt"`;

/** Locks and answers the entity's current plan (to supersede it). */
export async function currentPlanForUpdate(db: Queryable, agencyCode: string): Promise<Plan | undefined> {
  const { rows } = await sql<Plan>`SELECT ${PLAN} FROM cgii.plan WHERE agency_code = ${agencyCode} AND superseded_at IS NULL FOR UPDATE`.execute(db);
  return rows[0];
}

export async function supersedePlan(db: Queryable, id: string, at: Date): Promise<void> {
  await sql`UPDATE cgii.plan SET superseded_at = ${at} WHERE id = ${id}`.execute(db);
}

export async function insertPlan(db: Queryable, p: Omit<Plan, 'supersededAt' | 'lapsedAt'>): Promise<void> {
  await sql`
    INSERT INTO cgii.plan (id, agency_code, sections, owner, approved_on, expires_on, pdf_sha256, pdf_filename, filed_by, filed_at)
    VALUES (${p.id}, ${p.agencyCode}, ${p.sections}, ${p.owner}, ${p.approvedOn}::date, ${p.expiresOn}::date, ${p.pdfSha256}, ${p.pdfFilename}, ${p.filedBy}, ${p.filedAt})`.execute(db);
}

export async function findPlan(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Plan | undefined> {
  const { rows } = await sql<Plan>`SELECT ${PLAN} FROM cgii.plan WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0];
}

/** Plans, newest first: every entity's current one (agencies undefined) or all of the agencies named. */
export async function listPlans(db: Queryable, agencies?: string[]): Promise<Plan[]> {
  const where = agencies === undefined ? sql`WHERE superseded_at IS NULL` : sql`WHERE agency_code = ANY(${agencies}::text[])`;
  const { rows } = await sql<Plan>`SELECT ${PLAN} FROM cgii.plan ${where} ORDER BY agency_code, filed_at DESC LIMIT 1000`.execute(db);
  return rows;
}

export async function insertObservation(db: Queryable, o: Observation): Promise<void> {
  await sql`INSERT INTO cgii.plan_observation (id, plan_id, author, body, created_at) VALUES (${o.id}, ${o.planId}, ${o.author}, ${o.body}, ${o.createdAt})`.execute(db);
}

export async function listObservations(db: Queryable, planId: string): Promise<Observation[]> {
  const { rows } = await sql<Observation>`
    SELECT id, plan_id AS "planId", author, body, created_at AS "createdAt" FROM cgii.plan_observation WHERE plan_id = ${planId} ORDER BY created_at, id`.execute(db);
  return rows;
}

/** The reminder a current plan is due for on `today` (days before its review date: 60, 30, 7; 0 once lapsed). */
const dueDays = (today: string) => sql<number>`CASE WHEN expires_on <= ${today}::date THEN 0 WHEN expires_on <= ${today}::date + 7 THEN 7 WHEN expires_on <= ${today}::date + 30 THEN 30 ELSE 60 END`;

/** Current plans with a reminder due on `today` not yet sent, soonest first. */
export async function findPlansDue(db: Queryable, today: string, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT p.id FROM cgii.plan p
    WHERE p.superseded_at IS NULL AND p.lapsed_at IS NULL AND p.expires_on <= ${today}::date + 60
      AND NOT EXISTS (SELECT 1 FROM cgii.plan_reminder r WHERE r.plan_id = p.id AND r.days = ${dueDays(today)})
    ORDER BY p.expires_on, p.id LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** Records the reminder; false when it was already sent. */
export async function insertReminder(db: Queryable, planId: string, days: number, at: Date): Promise<boolean> {
  const result = await sql`INSERT INTO cgii.plan_reminder (plan_id, days, sent_at) VALUES (${planId}, ${days}, ${at}) ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function markLapsed(db: Queryable, id: string, at: Date): Promise<void> {
  await sql`UPDATE cgii.plan SET lapsed_at = ${at} WHERE id = ${id}`.execute(db);
}

/** How many entities have a plan in force on `today` (approved, not past its review date, the current one). */
export async function countPlansInForce(db: Queryable, today: string, agencies: string[]): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(DISTINCT agency_code) AS n FROM cgii.plan
    WHERE superseded_at IS NULL AND approved_on <= ${today}::date AND expires_on > ${today}::date AND agency_code = ANY(${agencies}::text[])`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** "Mis datos": the advisories and plans records that name the person (first reads, plans filed, products declared, observations). */
export async function advisoryAndPlanRecordsOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT code, agency_code, action, to_json(at)#>>'{}' AS at FROM (
      SELECT a.code, r.agency_code, 'advisory_read' AS action, r.first_read_at AS at
        FROM cgii.advisory_recipient r JOIN cgii.advisory a ON a.id = r.advisory_id WHERE r.first_read_by = ${accountId}
      UNION ALL SELECT NULL, agency_code, 'plan_filed', filed_at FROM cgii.plan WHERE filed_by = ${accountId}
      UNION ALL SELECT NULL, agency_code, 'products_declared', max(declared_at) FROM cgii.product WHERE declared_by = ${accountId} GROUP BY agency_code
      UNION ALL SELECT NULL, p.agency_code, 'plan_observed', o.created_at FROM cgii.plan_observation o JOIN cgii.plan p ON p.id = o.plan_id WHERE o.author = ${accountId}
    ) records ORDER BY at DESC`.execute(db);
  return rows;
}
