// SQL of paper certificates (docs/training.md, "Paper certificates"): one per person (identity
// document) and course, claimed before the document is issued.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

/** The attendee's latest completed attendance in the cohort (their name as registered), if any. */
export async function findCompletedAttendee(db: Queryable, cohortId: string, learnerDocument: string): Promise<{ learnerName: string } | undefined> {
  const { rows } = await sql<{ learner_name: string }>`
    SELECT learner_name FROM training.attendance WHERE cohort_id = ${cohortId} AND learner_document = ${learnerDocument} AND completed
    ORDER BY session_date DESC LIMIT 1`.execute(db);
  return rows[0] ? { learnerName: rows[0].learner_name } : undefined;
}

/** Claims the certificate of a person and course: false when it was claimed already (a repeat or a parallel click). */
export async function claimPaperCertificate(db: Queryable, c: { courseId: string; learnerDocument: string; cohortId: string; learnerName: string; issuedBy: string }): Promise<boolean> {
  const { rows } = await sql<{ course_id: string }>`
    INSERT INTO training.paper_certificate (course_id, learner_document, cohort_id, learner_name, issued_by)
    VALUES (${c.courseId}, ${c.learnerDocument}, ${c.cohortId}, ${c.learnerName}, ${c.issuedBy})
    ON CONFLICT (course_id, learner_document) DO NOTHING RETURNING course_id`.execute(db);
  return rows.length > 0;
}

/** Gives up a claim whose issuance failed, so that the next click issues it. */
export async function releasePaperCertificate(db: Queryable, courseId: string, learnerDocument: string): Promise<void> {
  await sql`DELETE FROM training.paper_certificate WHERE course_id = ${courseId} AND learner_document = ${learnerDocument} AND document_number IS NULL`.execute(db);
}

export async function setPaperCertificate(db: Queryable, courseId: string, learnerDocument: string, number: string, code: string): Promise<void> {
  await sql`UPDATE training.paper_certificate SET document_number = ${number}, verification_code = ${code}
    WHERE course_id = ${courseId} AND learner_document = ${learnerDocument}`.execute(db);
}

export interface PaperCertificate {
  courseId: string;
  learnerDocument: string;
  learnerName: string;
  cohortId: string;
  documentNumber: string | null;
}

type Row = { course_id: string; learner_document: string; learner_name: string; cohort_id: string; document_number: string | null };
const toCertificate = (r: Row): PaperCertificate => ({
  courseId: r.course_id,
  learnerDocument: r.learner_document,
  learnerName: r.learner_name,
  cohortId: r.cohort_id,
  documentNumber: r.document_number,
});

/** The certificates of the cohort's course for the people who attended the cohort (issued from it or another cohort). */
export async function listCohortCertificates(db: Queryable, cohortId: string): Promise<PaperCertificate[]> {
  const { rows } = await sql<Row>`
    SELECT p.course_id, p.learner_document, p.learner_name, p.cohort_id, p.document_number
    FROM training.paper_certificate p JOIN training.cohort c ON c.course_id = p.course_id
    WHERE c.id = ${cohortId} AND p.learner_document IN (SELECT learner_document FROM training.attendance WHERE cohort_id = ${cohortId})`.execute(db);
  return rows.map(toCertificate);
}

export async function findPaperCertificate(db: Queryable, courseId: string, learnerDocument: string): Promise<PaperCertificate | undefined> {
  const { rows } = await sql<Row>`
    SELECT course_id, learner_document, learner_name, cohort_id, document_number FROM training.paper_certificate
    WHERE course_id = ${courseId} AND learner_document = ${learnerDocument}`.execute(db);
  return rows[0] ? toCertificate(rows[0]) : undefined;
}
