// Every SQL statement on the training schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Audience, Course, CourseContent, Enrolment } from './training.types.ts';

interface CourseRow {
  id: string;
  audience: string;
  programme: string;
  agency_code: string;
  pass_percent: number;
  content: CourseContent;
}
const toCourse = (r: CourseRow): Course => ({ id: r.id, audience: r.audience as Audience, programme: r.programme, agencyCode: r.agency_code, passPercent: r.pass_percent, content: r.content });

export async function upsertCourse(db: Queryable, c: Course & { position: number }): Promise<void> {
  await sql`
    INSERT INTO training.course (id, audience, programme, agency_code, position, pass_percent, content)
    VALUES (${c.id}, ${c.audience}, ${c.programme}, ${c.agencyCode}, ${c.position}, ${c.passPercent}, ${JSON.stringify(c.content)}::jsonb)
    ON CONFLICT (id) DO UPDATE SET audience = EXCLUDED.audience, programme = EXCLUDED.programme, agency_code = EXCLUDED.agency_code,
      position = EXCLUDED.position, pass_percent = EXCLUDED.pass_percent, content = EXCLUDED.content, updated_at = now()
    WHERE training.course.content IS DISTINCT FROM EXCLUDED.content OR training.course.agency_code IS DISTINCT FROM EXCLUDED.agency_code`.execute(db);
}

export async function listCourses(db: Queryable): Promise<Course[]> {
  const { rows } = await sql<CourseRow>`SELECT id, audience, programme, agency_code, pass_percent, content FROM training.course ORDER BY position, id`.execute(db);
  return rows.map(toCourse);
}

export async function findCourse(db: Queryable, id: string): Promise<Course | undefined> {
  const { rows } = await sql<CourseRow>`SELECT id, audience, programme, agency_code, pass_percent, content FROM training.course WHERE id = ${id}`.execute(db);
  return rows[0] ? toCourse(rows[0]) : undefined;
}

interface EnrolmentRow {
  id: string;
  course_id: string;
  account_id: string;
  agency_code: string | null;
  enrolled_at: Date;
  completed_at: Date | null;
  score_percent: number | null;
  certificate_number: string | null;
  certificate_code: string | null;
}
const toEnrolment = (r: EnrolmentRow): Enrolment => ({
  id: r.id,
  courseId: r.course_id,
  accountId: r.account_id,
  agencyCode: r.agency_code,
  enrolledAt: r.enrolled_at,
  completedAt: r.completed_at,
  scorePercent: r.score_percent,
  certificateNumber: r.certificate_number,
  certificateCode: r.certificate_code,
});
const ENROLMENT = sql`id, course_id, account_id, agency_code, enrolled_at, completed_at, score_percent, certificate_number, certificate_code`;

/** The new enrolment, or undefined when the person was already enrolled (the unique key). */
export async function insertEnrolment(db: Queryable, e: { id: string; courseId: string; accountId: string; agencyCode: string | null }): Promise<Enrolment | undefined> {
  const { rows } = await sql<EnrolmentRow>`
    INSERT INTO training.enrolment (id, course_id, account_id, agency_code) VALUES (${e.id}, ${e.courseId}, ${e.accountId}, ${e.agencyCode})
    ON CONFLICT (course_id, account_id) DO NOTHING RETURNING ${ENROLMENT}`.execute(db);
  return rows[0] ? toEnrolment(rows[0]) : undefined;
}

export async function findEnrolment(db: Queryable, courseId: string, accountId: string, options: { forUpdate?: boolean } = {}): Promise<Enrolment | undefined> {
  const { rows } =
    await sql<EnrolmentRow>`SELECT ${ENROLMENT} FROM training.enrolment WHERE course_id = ${courseId} AND account_id = ${accountId} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toEnrolment(rows[0]) : undefined;
}

export async function listEnrolmentsOf(db: Queryable, accountId: string): Promise<Enrolment[]> {
  const { rows } = await sql<EnrolmentRow>`SELECT ${ENROLMENT} FROM training.enrolment WHERE account_id = ${accountId} ORDER BY enrolled_at`.execute(db);
  return rows.map(toEnrolment);
}

export async function listLessonProgress(db: Queryable, enrolmentId: string): Promise<Array<{ lessonId: string; correct: number; total: number }>> {
  const { rows } = await sql<{ lesson_id: string; correct: number; total: number }>`
    SELECT lesson_id, correct, total FROM training.lesson_progress WHERE enrolment_id = ${enrolmentId}`.execute(db);
  return rows.map((r) => ({ lessonId: r.lesson_id, correct: r.correct, total: r.total }));
}

/** Records a lesson's quiz; true when the lesson was not done before. */
export async function saveLessonProgress(db: Queryable, enrolmentId: string, lessonId: string, correct: number, total: number): Promise<boolean> {
  const { rows } = await sql<{ first: boolean }>`
    INSERT INTO training.lesson_progress (enrolment_id, lesson_id, correct, total) VALUES (${enrolmentId}, ${lessonId}, ${correct}, ${total})
    ON CONFLICT (enrolment_id, lesson_id) DO UPDATE SET correct = EXCLUDED.correct, total = EXCLUDED.total, completed_at = now()
    RETURNING (xmax = 0) AS first`.execute(db);
  return rows[0]?.first ?? false;
}

/** Marks the enrolment complete; false when it already was (a parallel submission won). */
export async function completeEnrolment(db: Queryable, enrolmentId: string, scorePercent: number): Promise<Date | undefined> {
  const { rows } = await sql<{ completed_at: Date }>`
    UPDATE training.enrolment SET completed_at = now(), score_percent = ${scorePercent} WHERE id = ${enrolmentId} AND completed_at IS NULL RETURNING completed_at`.execute(db);
  return rows[0]?.completed_at;
}

export async function setCertificate(db: Queryable, enrolmentId: string, number: string, code: string): Promise<void> {
  await sql`UPDATE training.enrolment SET certificate_number = ${number}, certificate_code = ${code} WHERE id = ${enrolmentId}`.execute(db);
}

export async function findEnrolmentById(db: Queryable, id: string): Promise<Enrolment | undefined> {
  const { rows } = await sql<EnrolmentRow>`SELECT ${ENROLMENT} FROM training.enrolment WHERE id = ${id}`.execute(db);
  return rows[0] ? toEnrolment(rows[0]) : undefined;
}

/** The completions of an entity's people (those who enrolled while holding a role there). */
export async function listAgencyEnrolments(db: Queryable, agencyCode: string): Promise<Array<Enrolment & { givenName: string; familyName: string }>> {
  const { rows } = await sql<EnrolmentRow & { given_name: string; family_name: string }>`
    SELECT e.id, e.course_id, e.account_id, e.agency_code, e.enrolled_at, e.completed_at, e.score_percent, e.certificate_number, e.certificate_code, a.given_name, a.family_name
    FROM training.enrolment e JOIN identity.account a ON a.id = e.account_id
    WHERE e.agency_code = ${agencyCode} ORDER BY a.family_name, a.given_name, e.course_id`.execute(db);
  return rows.map((r) => ({ ...toEnrolment(r), givenName: r.given_name, familyName: r.family_name }));
}

export async function insertCohort(db: Queryable, c: { id: string; courseId: string; agencyCode: string; name: string; createdBy: string }): Promise<void> {
  await sql`INSERT INTO training.cohort (id, course_id, agency_code, name, created_by) VALUES (${c.id}, ${c.courseId}, ${c.agencyCode}, ${c.name}, ${c.createdBy})`.execute(db);
}

export interface CohortRow {
  id: string;
  courseId: string;
  agencyCode: string;
  name: string;
  attendances: number;
  completed: number;
}

export async function listCohorts(db: Queryable, agencyCodes: string[]): Promise<CohortRow[]> {
  if (agencyCodes.length === 0) return [];
  const { rows } = await sql<{ id: string; course_id: string; agency_code: string; name: string; attendances: number; completed: number }>`
    SELECT c.id, c.course_id, c.agency_code, c.name, count(a.id)::int AS attendances, count(a.id) FILTER (WHERE a.completed)::int AS completed
    FROM training.cohort c LEFT JOIN training.attendance a ON a.cohort_id = c.id
    WHERE c.agency_code = ANY(${agencyCodes}::text[]) GROUP BY c.id ORDER BY c.created_at DESC`.execute(db);
  return rows.map((r) => ({ id: r.id, courseId: r.course_id, agencyCode: r.agency_code, name: r.name, attendances: r.attendances, completed: r.completed }));
}

export async function findCohort(db: Queryable, id: string): Promise<{ id: string; courseId: string; agencyCode: string; name: string } | undefined> {
  const { rows } = await sql<{ id: string; course_id: string; agency_code: string; name: string }>`SELECT id, course_id, agency_code, name FROM training.cohort WHERE id = ${id}`.execute(db);
  return rows[0] ? { id: rows[0].id, courseId: rows[0].course_id, agencyCode: rows[0].agency_code, name: rows[0].name } : undefined;
}

/** One attendance per learner, cohort and day (the unique key): a repeat answers false. */
export async function insertAttendance(
  db: Queryable,
  a: { id: string; cohortId: string; learnerName: string; learnerDocument: string; sessionDate: string; completed: boolean; registeredBy: string },
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO training.attendance (id, cohort_id, learner_name, learner_document, session_date, completed, registered_by)
    VALUES (${a.id}, ${a.cohortId}, ${a.learnerName}, ${a.learnerDocument}, ${a.sessionDate}::date, ${a.completed}, ${a.registeredBy})
    ON CONFLICT (cohort_id, learner_document, session_date) DO NOTHING RETURNING id`.execute(db);
  return rows.length > 0;
}

export async function listAttendance(db: Queryable, cohortId: string): Promise<Array<{ learnerName: string; learnerDocument: string; sessionDate: string; completed: boolean }>> {
  const { rows } = await sql<{ learner_name: string; learner_document: string; session_date: string; completed: boolean }>`
    SELECT learner_name, learner_document, to_char(session_date, 'YYYY-MM-DD') AS session_date, completed FROM training.attendance
    WHERE cohort_id = ${cohortId} ORDER BY session_date, learner_name`.execute(db);
  return rows.map((r) => ({ learnerName: r.learner_name, learnerDocument: r.learner_document, sessionDate: r.session_date, completed: r.completed }));
}

// xAPI statements.
export interface StoredStatement {
  id: string;
  seq: number;
  agencyCode: string;
  statement: Record<string, unknown>;
  stored: Date;
  voided: boolean;
}
interface StatementRow {
  id: string;
  seq: string;
  agency_code: string;
  statement: Record<string, unknown>;
  stored: Date;
  voided: boolean;
}
const toStatement = (r: StatementRow): StoredStatement => ({ id: r.id, seq: Number(r.seq), agencyCode: r.agency_code, statement: r.statement, stored: r.stored, voided: r.voided });

/** Inserts unless the id exists; answers whether it was inserted. */
export async function insertStatement(db: Queryable, s: { id: string; agencyCode: string; clientId: string | null; statement: Record<string, unknown>; stored: Date }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO training.statement (id, agency_code, client_id, statement, stored) VALUES (${s.id}, ${s.agencyCode}, ${s.clientId}, ${JSON.stringify(s.statement)}::jsonb, ${s.stored})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return rows.length > 0;
}

export async function findStatement(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredStatement | undefined> {
  const { rows } = await sql<StatementRow>`SELECT id, seq, agency_code, statement, stored, voided FROM training.statement WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toStatement(rows[0]) : undefined;
}

export async function markVoided(db: Queryable, id: string): Promise<void> {
  await sql`UPDATE training.statement SET voided = true WHERE id = ${id}`.execute(db);
}

/** Statements of an agency, not voided, stored in (since, until], after a cursor position. */
export async function listStatements(
  db: Queryable,
  q: {
    agencyCode: string;
    since?: Date;
    until?: Date;
    verb?: string;
    registration?: string;
    agent?: Record<string, unknown>;
    activity?: string;
    after?: { stored: Date; seq: number };
    ascending: boolean;
    limit: number;
  },
): Promise<StoredStatement[]> {
  const conditions = [sql`agency_code = ${q.agencyCode}`, sql`NOT voided`];
  if (q.since) conditions.push(sql`stored > ${q.since}`);
  if (q.until) conditions.push(sql`stored <= ${q.until}`);
  if (q.verb) conditions.push(sql`statement->'verb'->>'id' = ${q.verb}`);
  if (q.registration) conditions.push(sql`statement->'context'->>'registration' = ${q.registration}`);
  // The agent as the actor or the object (xAPI 1.0.3, 7.2.3); the activity as the object.
  if (q.agent) conditions.push(sql`(statement->'actor' @> ${JSON.stringify(q.agent)}::jsonb OR statement->'object' @> ${JSON.stringify(q.agent)}::jsonb)`);
  if (q.activity) conditions.push(sql`statement->'object'->>'id' = ${q.activity} AND coalesce(statement->'object'->>'objectType', 'Activity') = 'Activity'`);
  if (q.after) conditions.push(q.ascending ? sql`(stored, seq) > (${q.after.stored}, ${q.after.seq})` : sql`(stored, seq) < (${q.after.stored}, ${q.after.seq})`);
  const order = q.ascending ? sql`stored ASC, seq ASC` : sql`stored DESC, seq DESC`;
  const { rows } = await sql<StatementRow>`
    SELECT id, seq, agency_code, statement, stored, voided FROM training.statement WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${order} LIMIT ${q.limit}`.execute(db);
  return rows.map(toStatement);
}

export async function statementsOfAccount(db: Queryable, homePage: string, accountId: string): Promise<Array<{ id: string; verb: string; object: string; stored: string }>> {
  const { rows } = await sql<{ id: string; verb: string; object: string; stored: string }>`
    SELECT id, statement->'verb'->>'id' AS verb, statement->'object'->>'id' AS object, to_char(stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS stored
    FROM training.statement WHERE client_id IS NULL AND statement->'actor'->'account'->>'name' = ${accountId} AND statement->'actor'->'account'->>'homePage' = ${homePage}
    ORDER BY stored`.execute(db);
  return rows;
}
