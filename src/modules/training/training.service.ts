// Use cases of training: the catalogue, enrolment, lessons' quizzes with feedback, the final
// assessment, the completion (a figure, an xAPI statement and, through an event, the signed
// certificate in the mailbox); the entity's report; facilitators' cohorts and attendance.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';

import { type DomainEvent, emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { deliverDocument, issueDocument } from '../documents/index.ts';
import { agencyCodesOf, getRoles } from '../identity/index.ts';
import { COURSES } from './courses.ts';
import {
  completeEnrolment,
  findCohort,
  findCourse,
  findEnrolment,
  findEnrolmentById,
  insertAttendance,
  insertCohort,
  insertEnrolment,
  insertStatement,
  listAgencyEnrolments,
  listAttendance,
  listCohorts,
  listCourses,
  listLessonProgress,
  saveLessonProgress,
  setCertificate,
  upsertCourse,
} from './training.queries.ts';
import { trainingStats } from './training.stats.ts';
import { ASSESSMENT, type Course, type Enrolment, grade, lessonsOf, type Question } from './training.types.ts';
import { VERB, XAPI_VERSION } from './xapi.ts';

export const MANAGER_ROLE = 'training_manager';
export const FACILITATOR_ROLE = 'training_facilitator';
export const COMPLETED_TOPIC = 'training.course_completed';

export async function seedCourses(deps: Deps): Promise<void> {
  const country = deps.country.code === 've' ? 've' : 'bo';
  for (const c of COURSES) {
    await upsertCourse(deps.db, { id: c.id, audience: c.audience, programme: c.programme, agencyCode: c.agency[country], position: c.position, passPercent: 70, content: c.content });
  }
}

export function catalogue(deps: Pick<Deps, 'dbRead'>): Promise<Course[]> {
  return listCourses(deps.dbRead);
}

export async function getCourse(deps: Pick<Deps, 'db'>, id: string): Promise<Course> {
  const course = /^[a-z0-9-]{3,80}$/.test(id) ? await findCourse(deps.db, id) : undefined;
  if (!course) throw new AppError('TRAINING_NOT_FOUND');
  return course;
}

export interface Progress {
  course: Course;
  enrolment: Enrolment | undefined;
  done: Map<string, { correct: number; total: number }>;
}

export async function progressOf(deps: Pick<Deps, 'db'>, courseId: string, accountId: string | null): Promise<Progress> {
  const course = await getCourse(deps, courseId);
  const enrolment = accountId ? await findEnrolment(deps.db, courseId, accountId) : undefined;
  const done = new Map((enrolment ? await listLessonProgress(deps.db, enrolment.id) : []).map((p) => [p.lessonId, { correct: p.correct, total: p.total }]));
  return { course, enrolment, done };
}

// xAPI statements the platform records for a learner's progress: the actor is the person's
// account on this platform (no name, no e-mail), the object the course or lesson page.
export function activityId(deps: Pick<Deps, 'config'>, courseId: string, lessonId?: string): string {
  return `${deps.config.publicUrl}/capacitacion/${courseId}${lessonId ? `/lecciones/${lessonId}` : ''}`;
}

function progressStatement(
  deps: Pick<Deps, 'config'>,
  input: { accountId: string; verb: keyof typeof VERB; objectId: string; name: string; registration: string; result?: Record<string, unknown>; parent?: string },
): Record<string, unknown> {
  return {
    id: crypto.randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: deps.config.publicUrl, name: input.accountId } },
    verb: { id: VERB[input.verb], display: { 'en-US': input.verb } },
    object: { objectType: 'Activity', id: input.objectId, definition: { name: { es: input.name } } },
    ...(input.result ? { result: input.result } : {}),
    context: { registration: input.registration, platform: 'Tambo', ...(input.parent ? { contextActivities: { parent: [{ objectType: 'Activity', id: input.parent }] } } : {}) },
    timestamp: new Date().toISOString(),
    version: XAPI_VERSION,
  };
}

async function recordProgress(trx: Queryable, deps: Pick<Deps, 'config'>, agencyCode: string, statements: Array<Record<string, unknown>>): Promise<void> {
  const stored = new Date();
  for (const statement of statements) {
    const full = { ...statement, stored: stored.toISOString(), authority: { objectType: 'Agent', account: { homePage: deps.config.publicUrl, name: 'tambo' } } };
    await insertStatement(trx, { id: statement.id as string, agencyCode, clientId: null, statement: full, stored });
  }
}

/** Enrols the person (once: a repeat or a parallel burst enrols once) and records `launched`. */
export async function enrol(deps: Deps, accountId: string, courseId: string, requestId: string | null): Promise<Enrolment> {
  const course = await getCourse(deps, courseId);
  const agencies = agencyCodesOf(await getRoles(deps, accountId));
  return deps.db.transaction().execute(async (trx) => {
    const created = await insertEnrolment(trx, { id: crypto.randomUUID(), courseId, accountId, agencyCode: agencies[0] ?? null });
    if (!created) return (await findEnrolment(trx, courseId, accountId))!;
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'training.enrolled', subject: { type: 'training_course', id: courseId }, data: { enrolmentId: created.id }, requestId });
    await recordProgress(trx, deps, course.agencyCode, [
      progressStatement(deps, { accountId, verb: 'launched', objectId: activityId(deps, courseId), name: course.content.title.es, registration: created.id }),
    ]);
    return created;
  });
}

async function enrolmentOf(deps: Pick<Deps, 'db'>, courseId: string, accountId: string): Promise<Enrolment> {
  const enrolment = await findEnrolment(deps.db, courseId, accountId);
  if (!enrolment) throw new AppError('TRAINING_NOT_ENROLLED');
  return enrolment;
}

function missingAnswers(questions: Question[], answers: Record<string, string | undefined>): void {
  const { missing } = grade(questions, answers);
  if (missing.length > 0) throw new AppError('VALIDATION_FAILED', { fields: missing.map((id) => ({ field: `p-${id}`, messageKey: 'training.errors.answer' })) });
}

function answeredStatements(deps: Pick<Deps, 'config'>, accountId: string, enrolment: Enrolment, parent: string, questions: Question[], answers: Record<string, string | undefined>) {
  return questions.map((q) =>
    progressStatement(deps, {
      accountId,
      verb: 'answered',
      objectId: `${parent}#${q.id}`,
      name: q.prompt.es,
      registration: enrolment.id,
      parent,
      result: { success: answers[`p-${q.id}`] === q.correct, response: answers[`p-${q.id}`] ?? '' },
    }),
  );
}

/** A lesson's quiz answered: the lesson is done (whatever the score), feedback for each question. */
export async function answerLesson(deps: Deps, accountId: string, courseId: string, lessonId: string, answers: Record<string, string | undefined>, requestId: string | null) {
  const course = await getCourse(deps, courseId);
  const lesson = lessonsOf(course).find((l) => l.id === lessonId);
  if (!lesson) throw new AppError('TRAINING_NOT_FOUND');
  const enrolment = await enrolmentOf(deps, courseId, accountId);
  missingAnswers(lesson.quiz, answers);
  const { correct, total } = grade(lesson.quiz, answers);
  const objectId = activityId(deps, courseId, lessonId);
  await deps.db.transaction().execute(async (trx) => {
    const first = await saveLessonProgress(trx, enrolment.id, lessonId, correct, total);
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.lesson_completed',
      subject: { type: 'training_course', id: courseId },
      data: { lessonId, correct, total },
      requestId,
    });
    const statements = answeredStatements(deps, accountId, enrolment, objectId, lesson.quiz, answers);
    if (first)
      statements.push(
        progressStatement(deps, { accountId, verb: 'completed', objectId, name: lesson.title.es, registration: enrolment.id, parent: activityId(deps, courseId), result: { completion: true } }),
      );
    await recordProgress(trx, deps, course.agencyCode, statements);
  });
  return { correct, total };
}

/**
 * The final assessment: every lesson done first (409 otherwise); at or above the pass mark the
 * course is complete, once (the enrolment's row is locked; a parallel submission finds it
 * complete): the figure, `passed` and `completed`, and the event that issues the certificate.
 */
export async function takeAssessment(deps: Deps, accountId: string, courseId: string, answers: Record<string, string | undefined>, requestId: string | null) {
  const course = await getCourse(deps, courseId);
  const { enrolment, done } = await progressOf(deps, courseId, accountId);
  if (!enrolment) throw new AppError('TRAINING_NOT_ENROLLED');
  if (lessonsOf(course).some((l) => !done.has(l.id))) throw new AppError('TRAINING_LESSONS_PENDING');
  missingAnswers(course.content.assessment, answers);
  const { correct, total } = grade(course.content.assessment, answers);
  const percent = Math.round((correct / total) * 100);
  const passed = percent >= course.passPercent;
  const objectId = activityId(deps, courseId, ASSESSMENT);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await findEnrolment(trx, courseId, accountId, { forUpdate: true }))!;
    const statements = answeredStatements(deps, accountId, enrolment, objectId, course.content.assessment, answers);
    const score = { scaled: correct / total, raw: correct, min: 0, max: total };
    statements.push(
      progressStatement(deps, {
        accountId,
        verb: passed ? 'passed' : 'failed',
        objectId,
        name: 'Evaluación final',
        registration: enrolment.id,
        parent: activityId(deps, courseId),
        result: { score, success: passed },
      }),
    );
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.assessment_taken',
      subject: { type: 'training_course', id: courseId },
      data: { correct, total, passed },
      requestId,
    });
    if (passed && !locked.completedAt) {
      const at = await completeEnrolment(trx, enrolment.id, percent);
      statements.push(
        progressStatement(deps, {
          accountId,
          verb: 'completed',
          objectId: activityId(deps, courseId),
          name: course.content.title.es,
          registration: enrolment.id,
          result: { completion: true, success: true, score },
        }),
      );
      await recordStat(trx, trainingStats.completions, {
        agency: locked.agencyCode ?? course.agencyCode,
        programme: course.programme,
        course: course.id,
        audience: course.audience,
        at,
      });
      await emitEvent(trx, COMPLETED_TOPIC, { enrolmentId: enrolment.id, courseId, accountId, agencyCode: locked.agencyCode });
    }
    await recordProgress(trx, deps, course.agencyCode, statements);
  });
  return { correct, total, percent, passed };
}

/** The `training.course_completed` handler: the signed certificate, once, in the person's mailbox. */
export async function issueCertificate(event: DomainEvent, deps: Deps): Promise<void> {
  const { enrolmentId } = event.payload as { enrolmentId: string };
  const enrolment = await findEnrolmentById(deps.db, enrolmentId);
  if (!enrolment?.completedAt) return;
  const course = await getCourse(deps, enrolment.courseId);
  const document = await issueDocument(deps, {
    kind: 'certificate',
    sourceKey: `training:${enrolment.id}`,
    accountId: enrolment.accountId,
    agencyCode: course.agencyCode,
    title: 'Certificado de aprobación: {course}',
    body: '{agency} certifica que {holder} ({document}) aprobó el curso «{course}» con {score} % en la evaluación final.',
    values: { course: course.content.title.es, score: String(enrolment.scorePercent ?? 100) },
  });
  if (!document) return;
  await setCertificate(deps.db, enrolment.id, document.number, document.verificationCode);
  await deliverDocument(deps, document);
}

/** The completion of the people of the entities where the person is a training manager. */
export async function entityReport(deps: Deps, grants: readonly RoleGrant[], agencyCode: string) {
  if (!hasRole(grants, { role: MANAGER_ROLE, agency: agencyCode }) && !hasRole(grants, { role: 'platform_admin' })) throw new AppError('TRAINING_FORBIDDEN');
  return listAgencyEnrolments(deps.db, agencyCode);
}

export function managedAgencies(grants: readonly RoleGrant[], role: string): string[] {
  return [...new Set(grants.flatMap((g) => (g.role === role && 'agency' in g && g.agency ? [g.agency] : [])))];
}

// Facilitators at an Infocentro: cohorts of a course, attendance of people without an account.
export function cohortsOf(deps: Deps, grants: readonly RoleGrant[]) {
  return listCohorts(deps.db, managedAgencies(grants, FACILITATOR_ROLE));
}

export async function createCohort(deps: Deps, accountId: string, grants: readonly RoleGrant[], input: { agencyCode: string; courseId: string; name: string }, requestId: string | null) {
  if (!hasRole(grants, { role: FACILITATOR_ROLE, agency: input.agencyCode })) throw new AppError('TRAINING_FORBIDDEN');
  await getCourse(deps, input.courseId);
  const name = input.name.trim();
  if (!name || name.length > 200) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'nombre', messageKey: 'training.errors.cohortName' }] });
  const id = crypto.randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await insertCohort(trx, { id, courseId: input.courseId, agencyCode: input.agencyCode, name, createdBy: accountId });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.cohort_created',
      subject: { type: 'training_cohort', id },
      data: { course: input.courseId, agency: input.agencyCode },
      requestId,
    });
  });
  return id;
}

async function cohortFor(deps: Deps, grants: readonly RoleGrant[], cohortId: string) {
  const cohort = /^[0-9a-f-]{36}$/i.test(cohortId) ? await findCohort(deps.db, cohortId) : undefined;
  // Another agency's cohort answers as if it did not exist.
  if (!cohort || !hasRole(grants, { role: FACILITATOR_ROLE, agency: cohort.agencyCode })) throw new AppError('TRAINING_NOT_FOUND');
  return cohort;
}

export async function cohortDetail(deps: Deps, grants: readonly RoleGrant[], cohortId: string) {
  const cohort = await cohortFor(deps, grants, cohortId);
  return { cohort, attendance: await listAttendance(deps.db, cohort.id) };
}

/** One attendance per learner, cohort and day: a repeat (or a burst) registers once. */
export async function registerAttendance(
  deps: Deps,
  accountId: string,
  grants: readonly RoleGrant[],
  cohortId: string,
  input: { name: string; document: string; date: string; completed: boolean },
  requestId: string | null,
): Promise<boolean> {
  const cohort = await cohortFor(deps, grants, cohortId);
  const name = input.name.trim();
  const document = input.document.replace(/\s+/g, '').toUpperCase();
  const fields = [];
  if (!name || name.length > 200) fields.push({ field: 'nombre', messageKey: 'training.errors.learnerName' });
  if (!/^[0-9A-Z-]{3,20}$/.test(document)) fields.push({ field: 'documento', messageKey: 'training.errors.learnerDocument' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(input.date))) fields.push({ field: 'fecha', messageKey: 'training.errors.date' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return deps.db.transaction().execute(async (trx) => {
    const id = crypto.randomUUID();
    const added = await insertAttendance(trx, { id, cohortId, learnerName: name, learnerDocument: document, sessionDate: input.date, completed: input.completed, registeredBy: accountId });
    if (!added) return false;
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.attendance_registered',
      subject: { type: 'training_cohort', id: cohortId },
      data: { attendanceId: id, completed: input.completed },
      requestId,
    });
    await recordStat(trx, trainingStats.guided_attendance, { agency: cohort.agencyCode, course: cohort.courseId, at: new Date(`${input.date}T12:00:00Z`) });
    return true;
  });
}
