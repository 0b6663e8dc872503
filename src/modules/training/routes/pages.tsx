// Training pages under /capacitacion: catalogue, course, lessons with quizzes, the final
// assessment, the offline material; the entity's report; facilitators' cohorts, attendance and
// paper certificates.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { offlineMaterial } from '../material.ts';
import { cohortCertificates, issuePaperCertificate, paperCertificateFile } from '../paper-certificates.ts';
import {
  answerLesson,
  catalogue,
  cohortDetail,
  cohortsOf,
  createCohort,
  enrol,
  entityReport,
  FACILITATOR_ROLE,
  getCourse,
  MANAGER_ROLE,
  managedAgencies,
  progressOf,
  registerAttendance,
  takeAssessment,
} from '../training.service.ts';
import { lessonsOf, pick } from '../training.types.ts';
import { AssessmentPage, CataloguePage, CohortPage, CoursePage, EntityReportPage, FacilitationPage, LessonPage } from '../views/training.views.tsx';

const CourseParams = Type.Object({ course: Type.String({ maxLength: 80 }) });
const LessonParams = Type.Object({ course: Type.String({ maxLength: 80 }), lesson: Type.String({ maxLength: 80 }) });
const Answers = Type.Record(Type.String(), Type.String({ maxLength: 200 }));

/** Field errors of a validation failure, or rethrow. */
function fieldErrors(request: FastifyRequest, error: unknown): Record<string, string> {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
  return Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
}

export function registerTrainingPages(app: TamboApp, deps: Deps): void {
  const home = (request: FastifyRequest) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    { href: '/capacitacion', label: request.t('training.nav') },
  ];
  const grantsOf = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    return { account, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  };

  app.get('/capacitacion', async (request, reply) => {
    const staffLinks: Array<{ href: string; label: string }> = [];
    if (request.current) {
      const grants = roleGrantsOf(request.current.account, await getRoles(deps, request.current.account.id));
      if (managedAgencies(grants, MANAGER_ROLE).length > 0 || request.current.account.isPlatformAdmin) staffLinks.push({ href: '/capacitacion/entidad', label: request.t('training.report.heading') });
      if (managedAgencies(grants, FACILITATOR_ROLE).length > 0) staffLinks.push({ href: '/capacitacion/facilitacion', label: request.t('training.facilitation.heading') });
      if (grants.some((g) => 'agency' in g && g.agency) || request.current.account.isPlatformAdmin) staffLinks.push({ href: '/capacitacion/asesoria', label: request.t('training.advice.heading') });
    }
    return reply.page({
      title: request.t('training.catalogue.heading'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <CataloguePage courses={await catalogue(deps)} staffLinks={staffLinks} />,
    });
  });

  app.get('/capacitacion/entidad', { schema: { querystring: Type.Object({ entidad: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const { account, grants } = await grantsOf(request);
    const agencies = managedAgencies(grants, MANAGER_ROLE);
    const agency = request.query.entidad || (account.isPlatformAdmin ? undefined : agencies[0]);
    const rows = agency ? await entityReport(deps, grants, agency) : [];
    if (!agency && !account.isPlatformAdmin && agencies.length === 0) throw new AppError('TRAINING_FORBIDDEN');
    return reply.page({
      title: request.t('training.report.heading'),
      breadcrumbs: home(request),
      body: <EntityReportPage agencies={agency && !agencies.includes(agency) ? [...agencies, agency] : agencies} agency={agency} courses={await catalogue(deps)} rows={rows} />,
    });
  });

  const facilitation = async (request: FastifyRequest, reply: FastifyReply, extra: { form?: { entidad: string; curso: string; nombre: string }; errors?: Record<string, string> } = {}) => {
    const { grants } = await grantsOf(request);
    const agencies = managedAgencies(grants, FACILITATOR_ROLE);
    if (agencies.length === 0) throw new AppError('TRAINING_FORBIDDEN');
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: request.t('training.facilitation.heading'),
      breadcrumbs: home(request),
      body: (
        <FacilitationPage
          agencies={agencies}
          courses={await catalogue(deps)}
          cohorts={await cohortsOf(deps, grants)}
          form={extra.form ?? { entidad: agencies[0] ?? '', curso: '', nombre: '' }}
          errors={errors}
        />
      ),
    });
  };
  app.get('/capacitacion/facilitacion', async (request, reply) => facilitation(request, reply));
  app.post(
    '/capacitacion/facilitacion/cohortes',
    {
      schema: {
        body: Type.Object({ entidad: Type.Optional(Type.String({ maxLength: 40 })), curso: Type.Optional(Type.String({ maxLength: 80 })), nombre: Type.Optional(Type.String({ maxLength: 300 })) }),
      },
    },
    async (request, reply) => {
      const { account, grants } = await grantsOf(request);
      const form = { entidad: request.body.entidad ?? '', curso: request.body.curso ?? '', nombre: request.body.nombre ?? '' };
      try {
        const id = await createCohort(deps, account.id, grants, { agencyCode: form.entidad, courseId: form.curso, name: form.nombre }, request.id);
        return reply.redirect(`/capacitacion/facilitacion/cohortes/${id}`, 303);
      } catch (error) {
        return facilitation(request, reply, { form, errors: fieldErrors(request, error) });
      }
    },
  );

  const CohortParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
  const cohortPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { form?: { nombre: string; documento: string; fecha: string; completo: string[] }; errors?: Record<string, string>; saved?: boolean } = {},
  ) => {
    const { grants } = await grantsOf(request);
    const { cohort, attendance } = await cohortDetail(deps, grants, id);
    const certificates = await cohortCertificates(deps, cohort.id);
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: cohort.name,
      breadcrumbs: [...home(request), { href: '/capacitacion/facilitacion', label: request.t('training.facilitation.heading') }],
      body: (
        <CohortPage
          cohort={cohort}
          attendance={attendance}
          certificates={certificates}
          form={extra.form ?? { nombre: '', documento: '', fecha: '', completo: [] }}
          errors={errors}
          saved={extra.saved ?? false}
        />
      ),
    });
  };
  app.get(
    '/capacitacion/facilitacion/cohortes/:id',
    { schema: { params: CohortParams, querystring: Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 2 })) }) } },
    async (request, reply) => cohortPage(request, reply, request.params.id, { saved: request.query.guardado === '1' }),
  );
  app.post(
    '/capacitacion/facilitacion/cohortes/:id/asistencia',
    {
      schema: {
        params: CohortParams,
        body: Type.Object({
          nombre: Type.Optional(Type.String({ maxLength: 300 })),
          documento: Type.Optional(Type.String({ maxLength: 40 })),
          fecha: Type.Optional(Type.String({ maxLength: 20 })),
          completo: Type.Optional(Type.Union([Type.String({ maxLength: 4 }), Type.Array(Type.String({ maxLength: 4 }), { maxItems: 2 })])),
        }),
      },
    },
    async (request, reply) => {
      const { account, grants } = await grantsOf(request);
      const completo = [request.body.completo ?? []].flat();
      const form = { nombre: request.body.nombre ?? '', documento: request.body.documento ?? '', fecha: request.body.fecha ?? '', completo };
      try {
        await registerAttendance(deps, account.id, grants, request.params.id, { name: form.nombre, document: form.documento, date: form.fecha, completed: completo.includes('si') }, request.id);
      } catch (error) {
        return cohortPage(request, reply, request.params.id, { form, errors: fieldErrors(request, error) });
      }
      return reply.redirect(`/capacitacion/facilitacion/cohortes/${request.params.id}?guardado=1`, 303);
    },
  );

  // Paper certificates for attendees without an account (paper-certificates.ts).
  app.post('/capacitacion/facilitacion/cohortes/:id/certificados', { schema: { params: CohortParams, body: Type.Object({ documento: Type.String({ maxLength: 40 }) }) } }, async (request, reply) => {
    const { account, grants } = await grantsOf(request);
    const certificate = await issuePaperCertificate(deps, account.id, grants, request.params.id, request.body.documento, request.id);
    const cohortPath = `/capacitacion/facilitacion/cohortes/${request.params.id}`;
    // A parallel click may find the certificate still being signed: back to the cohort, where it shows once issued.
    return reply.redirect(certificate.documentNumber ? `${cohortPath}/certificados/${encodeURIComponent(certificate.documentNumber)}` : cohortPath, 303);
  });
  app.get(
    '/capacitacion/facilitacion/cohortes/:id/certificados/:numero',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 40 }), numero: Type.String({ maxLength: 60 }) }) } },
    async (request, reply) => {
      const { grants } = await grantsOf(request);
      const { document, content } = await paperCertificateFile(deps, grants, request.params.id, request.params.numero);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${document.number}.pdf"`).header('cache-control', 'private, no-store').send(content);
    },
  );

  app.get('/capacitacion/:course', { schema: { params: CourseParams, querystring: Type.Object({ inscrito: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) => {
    const progress = await progressOf(deps, request.params.course, request.current?.account.id ?? null);
    return reply.page({
      title: pick(progress.course.content.title, request.locale),
      breadcrumbs: home(request),
      body: <CoursePage progress={progress} signedIn={request.current !== null} enrolled={request.query.inscrito === '1'} />,
    });
  });

  app.post('/capacitacion/:course/inscripcion', { schema: { params: CourseParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await enrol(deps, account.id, request.params.course, request.id);
    return reply.redirect(`/capacitacion/${request.params.course}?inscrito=1`, 303);
  });

  app.get('/capacitacion/:course/material', { schema: { params: CourseParams } }, async (request, reply) => {
    const course = await getCourse(deps, request.params.course);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${course.id}.html"`)
      .send(offlineMaterial(course, request.locale, request.t));
  });

  const lessonPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    lessonId: string,
    extra: { answers?: Record<string, string | undefined>; errors?: Record<string, string>; result?: { correct: number; total: number } } = {},
  ) => {
    const progress = await progressOf(deps, courseId, request.current?.account.id ?? null);
    const lessons = lessonsOf(progress.course);
    const index = lessons.findIndex((l) => l.id === lessonId);
    if (index < 0) throw new AppError('TRAINING_NOT_FOUND');
    const lesson = lessons[index]!;
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: pick(lesson.title, request.locale),
      breadcrumbs: [...home(request), { href: `/capacitacion/${courseId}`, label: pick(progress.course.content.title, request.locale) }],
      body: (
        <LessonPage
          course={progress.course}
          lesson={lesson}
          next={lessons[index + 1]}
          enrolled={progress.enrolment !== undefined}
          answers={extra.answers ?? {}}
          errors={errors}
          result={extra.result}
        />
      ),
    });
  };
  app.get('/capacitacion/:course/lecciones/:lesson', { schema: { params: LessonParams } }, async (request, reply) => lessonPage(request, reply, request.params.course, request.params.lesson));
  app.post('/capacitacion/:course/lecciones/:lesson', { schema: { params: LessonParams, body: Answers } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { course, lesson } = request.params;
    try {
      const result = await answerLesson(deps, account.id, course, lesson, request.body, request.id);
      return lessonPage(request, reply, course, lesson, { answers: request.body, result });
    } catch (error) {
      return lessonPage(request, reply, course, lesson, { answers: request.body, errors: fieldErrors(request, error) });
    }
  });

  const assessmentPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    extra: { answers?: Record<string, string | undefined>; errors?: Record<string, string>; result?: { correct: number; total: number; percent: number; passed: boolean } } = {},
  ) => {
    const course = await getCourse(deps, courseId);
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: request.t('training.assessment.title', { course: pick(course.content.title, request.locale) }),
      breadcrumbs: [...home(request), { href: `/capacitacion/${courseId}`, label: pick(course.content.title, request.locale) }],
      body: <AssessmentPage course={course} answers={extra.answers ?? {}} errors={errors} result={extra.result} />,
    });
  };
  app.get('/capacitacion/:course/evaluacion', { schema: { params: CourseParams } }, async (request, reply) => {
    requireSignedIn(request);
    return assessmentPage(request, reply, request.params.course);
  });
  app.post('/capacitacion/:course/evaluacion', { schema: { params: CourseParams, body: Answers } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    try {
      const result = await takeAssessment(deps, account.id, request.params.course, request.body, request.id);
      return assessmentPage(request, reply, request.params.course, { answers: request.body, result });
    } catch (error) {
      return assessmentPage(request, reply, request.params.course, { answers: request.body, errors: fieldErrors(request, error) });
    }
  });
}
