// Paper certificates (docs/training.md, "Paper certificates"): a facilitator of a cohort prints,
// for an attendee without an account whose attendance is completed, the course's signed
// certificate, held by name and identity document (documents module), verifiable at /verificar.
// One per person and course: the claim row is inserted first, so a burst of clicks issues once.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { getSourceDocumentFile, issueDocument } from '../documents/index.ts';
import {
  claimPaperCertificate,
  findCompletedAttendee,
  findPaperCertificate,
  listCohortCertificates,
  type PaperCertificate,
  releasePaperCertificate,
  setPaperCertificate,
} from './paper-certificates.queries.ts';
import { findCohort } from './training.queries.ts';
import { FACILITATOR_ROLE, getCourse } from './training.service.ts';

const sourceKey = (courseId: string, learnerDocument: string) => `training-paper:${courseId}:${learnerDocument}`;

/** The cohort, when the person facilitates for its agency: 404 when there is none, 403 for another agency's facilitator. */
async function facilitatedCohort(deps: Deps, grants: readonly RoleGrant[], cohortId: string) {
  const cohort = /^[0-9a-f-]{36}$/i.test(cohortId) ? await findCohort(deps.db, cohortId) : undefined;
  if (!cohort) throw new AppError('TRAINING_NOT_FOUND');
  if (!hasRole(grants, { role: FACILITATOR_ROLE, agency: cohort.agencyCode })) throw new AppError('TRAINING_FORBIDDEN');
  return cohort;
}

export const cohortCertificates = (deps: Pick<Deps, 'db'>, cohortId: string) => listCohortCertificates(deps.db, cohortId);

/**
 * Issues the paper certificate of a completed attendee of the cohort (409 when their attendance
 * is not completed), once per person and course: a repeat or a parallel click answers the
 * certificate claimed first (its number may still be null while that click signs it).
 */
export async function issuePaperCertificate(deps: Deps, accountId: string, grants: readonly RoleGrant[], cohortId: string, typedDocument: string, requestId: string | null): Promise<PaperCertificate> {
  const cohort = await facilitatedCohort(deps, grants, cohortId);
  const learnerDocument = typedDocument.replace(/\s+/g, '').toUpperCase();
  const attendee = await findCompletedAttendee(deps.db, cohort.id, learnerDocument);
  if (!attendee) throw new AppError('TRAINING_NOT_COMPLETED');
  const claim = { courseId: cohort.courseId, learnerDocument, cohortId: cohort.id, learnerName: attendee.learnerName, issuedBy: accountId };
  if (!(await claimPaperCertificate(deps.db, claim))) return (await findPaperCertificate(deps.db, cohort.courseId, learnerDocument))!;
  try {
    const course = await getCourse(deps, cohort.courseId);
    const document = await issueDocument(
      deps,
      {
        kind: 'certificate',
        sourceKey: sourceKey(cohort.courseId, learnerDocument),
        holder: { name: attendee.learnerName, document: learnerDocument },
        agencyCode: cohort.agencyCode,
        title: 'Certificado de participación: {course}',
        body: '{agency} certifica que {holder}, con documento de identidad {document}, completó el curso «{course}» en la sesión guiada «{cohort}».',
        values: { course: course.content.title.es, cohort: cohort.name },
      },
      requestId,
    );
    if (!document) throw new Error('a document with a holder by name is always issued');
    await deps.db.transaction().execute(async (trx) => {
      await setPaperCertificate(trx, cohort.courseId, learnerDocument, document.number, document.verificationCode);
      await recordAudit(trx, {
        actor: { type: 'person', id: accountId },
        action: 'training.paper_certificate_issued',
        subject: { type: 'training_cohort', id: cohort.id },
        data: { course: cohort.courseId, number: document.number },
        requestId,
      });
    });
    return { ...claim, documentNumber: document.number };
  } catch (error) {
    // The next click issues it (the documents module answers a document already issued for the key).
    await releasePaperCertificate(deps.db, cohort.courseId, learnerDocument);
    throw error;
  }
}

/** The signed PDF of a certificate of the cohort's people, by its number (for the cohort's facilitators only). */
export async function paperCertificateFile(deps: Deps, grants: readonly RoleGrant[], cohortId: string, number: string) {
  const cohort = await facilitatedCohort(deps, grants, cohortId);
  const certificate = (await listCohortCertificates(deps.db, cohort.id)).find((c) => c.documentNumber === number);
  const file = certificate ? await getSourceDocumentFile(deps, sourceKey(certificate.courseId, certificate.learnerDocument)) : undefined;
  if (!file) throw new AppError('TRAINING_NOT_FOUND');
  return file;
}
