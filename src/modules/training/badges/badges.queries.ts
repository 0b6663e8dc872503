// SQL of the Open Badges credentials (training.badge_key, training.badge).
import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/index.ts';

export async function findBadgeKey(db: Queryable): Promise<string | undefined> {
  const { rows } = await sql<{ private_sealed: string }>`SELECT private_sealed FROM training.badge_key WHERE id = 1`.execute(db);
  return rows[0]?.private_sealed;
}

/** Stores the issuer's key unless one is there already (the first process to get here wins). */
export async function insertBadgeKey(db: Queryable, sealed: string): Promise<void> {
  await sql`INSERT INTO training.badge_key (id, private_sealed) VALUES (1, ${sealed}) ON CONFLICT (id) DO NOTHING`.execute(db);
}

export interface BadgeRecord {
  id: string;
  enrolmentId: string;
  statusIndex: number;
  credential: Record<string, unknown>;
  issuedAt: Date;
  revokedAt: Date | null;
}
interface BadgeRow {
  id: string;
  enrolment_id: string;
  status_index: number;
  credential: Record<string, unknown>;
  issued_at: Date;
  revoked_at: Date | null;
}
const toBadge = (r: BadgeRow): BadgeRecord => ({ id: r.id, enrolmentId: r.enrolment_id, statusIndex: r.status_index, credential: r.credential, issuedAt: r.issued_at, revokedAt: r.revoked_at });
const BADGE = sql`id, enrolment_id, status_index, credential, issued_at, revoked_at`;

export async function findBadgeOfEnrolment(db: Queryable, enrolmentId: string): Promise<BadgeRecord | undefined> {
  const { rows } = await sql<BadgeRow>`SELECT ${BADGE} FROM training.badge WHERE enrolment_id = ${enrolmentId}`.execute(db);
  return rows[0] ? toBadge(rows[0]) : undefined;
}

export async function findBadge(db: Queryable, id: string): Promise<BadgeRecord | undefined> {
  const { rows } = await sql<BadgeRow>`SELECT ${BADGE} FROM training.badge WHERE id = ${id}`.execute(db);
  return rows[0] ? toBadge(rows[0]) : undefined;
}

export async function nextStatusIndex(db: Queryable): Promise<number> {
  const { rows } = await sql<{ index: string }>`SELECT nextval('training.badge_status_index') AS index`.execute(db);
  return Number(rows[0]!.index);
}

export async function insertBadge(db: Queryable, b: { id: string; enrolmentId: string; statusIndex: number; credential: Record<string, unknown> }): Promise<void> {
  await sql`
    INSERT INTO training.badge (id, enrolment_id, status_index, credential)
    VALUES (${b.id}, ${b.enrolmentId}, ${b.statusIndex}, ${JSON.stringify(b.credential)}::jsonb)`.execute(db);
}

/** Revokes a badge once: true when this call revoked it. */
export async function markBadgeRevoked(db: Queryable, id: string, by: string, reason: string): Promise<boolean> {
  const { rows } = await sql`
    UPDATE training.badge SET revoked_at = now(), revoked_by = ${by}, revocation_reason = ${reason}
    WHERE id = ${id} AND revoked_at IS NULL RETURNING id`.execute(db);
  return rows.length > 0;
}

export async function listRevokedIndexes(db: Queryable): Promise<number[]> {
  const { rows } = await sql<{ status_index: number }>`SELECT status_index FROM training.badge WHERE revoked_at IS NOT NULL`.execute(db);
  return rows.map((r) => r.status_index);
}

/** The badges of a person's enrolments ("Mis datos"). */
export async function listBadgesOfAccount(db: Queryable, accountId: string): Promise<Array<{ id: string; courseId: string; issuedAt: Date; revokedAt: Date | null }>> {
  const { rows } = await sql<{ id: string; course_id: string; issued_at: Date; revoked_at: Date | null }>`
    SELECT b.id, e.course_id, b.issued_at, b.revoked_at FROM training.badge b JOIN training.enrolment e ON e.id = b.enrolment_id
    WHERE e.account_id = ${accountId} ORDER BY b.issued_at`.execute(db);
  return rows.map((r) => ({ id: r.id, courseId: r.course_id, issuedAt: r.issued_at, revokedAt: r.revoked_at }));
}
