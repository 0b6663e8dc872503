// Training pages: the catalogue, a course, a lesson with its quiz and feedback, the final
// assessment, the entity's report and the facilitator's cohorts. No script; light for 2G.
import type { PaperCertificate } from '../paper-certificates.queries.ts';
import type { CohortRow } from '../training.queries.ts';
import type { Progress } from '../training.service.ts';
import { type Course, type Enrolment, type Illustration, type Lesson, lessonsOf, pick, type Question } from '../training.types.ts';
import { Button, Checkboxes, ErrorSummary, Form, Panel, Radios, Select, summaryItems, Table, Tag, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

const SHAPES: Record<Illustration, string> = {
  'id-card': 'M8 14h48v36H8z M14 22h14v16H14z M34 24h16 M34 32h16 M34 40h10',
  phone: 'M22 6h20v52H22z M30 52h4',
  shield: 'M32 6l22 8v16c0 14-10 24-22 28C20 54 10 44 10 30V14z M24 30h16v14H24z M27 30v-5a5 5 0 0110 0v5',
  form: 'M14 6h36v52H14z M20 16h4v4h-4z M28 18h16 M20 28h4v4h-4z M28 30h16 M20 40h4v4h-4z M28 42h16',
};

/** A small drawn illustration (a few hundred bytes of SVG). */
function Picture(props: { kind: Illustration; alt: string }) {
  return (
    <svg role="img" aria-label={props.alt} viewBox="0 0 64 64" width="96" height="96">
      <path d={SHAPES[props.kind]} fill="none" stroke="currentColor" stroke-width="2.5" />
    </svg>
  );
}

export function CataloguePage(props: { courses: Course[]; staffLinks: Array<{ href: string; label: string }> }) {
  const { t, locale } = useView();
  const section = (audience: 'citizen' | 'servant') => (
    <section aria-labelledby={`cursos-${audience}`}>
      <h2 id={`cursos-${audience}`}>{t(`training.catalogue.${audience}`)}</h2>
      <ul>
        {props.courses
          .filter((c) => c.audience === audience)
          .map((c) => (
            <li key={c.id}>
              <a href={`/capacitacion/${c.id}`}>{pick(c.content.title, locale)}</a>
              {c.content.forRole ? <> · {pick(c.content.forRole, locale)}</> : null} · {t('training.course.minutes', { minutes: c.content.minutes })}
            </li>
          ))}
      </ul>
    </section>
  );
  return (
    <>
      <h1>{t('training.catalogue.heading')}</h1>
      <p>{t('training.catalogue.lead')}</p>
      {section('citizen')}
      {section('servant')}
      {props.staffLinks.length > 0 ? (
        <ul>
          {props.staffLinks.map((l) => (
            <li key={l.href}>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Certificate(props: { enrolment: Enrolment }) {
  const { t, format } = useView();
  const e = props.enrolment;
  if (!e.completedAt) return null;
  return (
    <Panel tone="success" title={t('training.course.completed', { date: format.date(e.completedAt) })}>
      {e.certificateCode ? (
        <p>
          {t('training.course.certificate', { number: e.certificateNumber ?? '' })} <a href={`/verificar/${e.certificateCode}`}>{t('training.course.verify')}</a>
        </p>
      ) : (
        <p>{t('training.course.certificatePending')}</p>
      )}
      <p>
        <a href={`/capacitacion/${e.courseId}/insignia`} download>
          {t('training.course.badge')}
        </a>{' '}
        {t('training.course.badgeHint')}
      </p>
    </Panel>
  );
}

export function CoursePage(props: { progress: Progress; signedIn: boolean; enrolled?: boolean }) {
  const { t, locale } = useView();
  const { course, enrolment, done } = props.progress;
  const lessons = lessonsOf(course);
  const allDone = lessons.every((l) => done.has(l.id));
  return (
    <>
      <h1>{pick(course.content.title, locale)}</h1>
      {props.enrolled ? (
        <p role="status" class="notice">
          {t('training.course.enrolledNotice')}
        </p>
      ) : null}
      <p>{pick(course.content.summary, locale)}</p>
      <p>
        {t('training.course.minutes', { minutes: course.content.minutes })} · <a href={`/capacitacion/${course.id}/material`}>{t('training.course.download')}</a>
      </p>
      {enrolment ? <Certificate enrolment={enrolment} /> : null}
      {course.content.modules.map((m) => (
        <section key={m.id} aria-labelledby={`modulo-${m.id}`}>
          <h2 id={`modulo-${m.id}`}>{pick(m.title, locale)}</h2>
          <ol>
            {m.lessons.map((l) => (
              <li key={l.id}>
                <a href={`/capacitacion/${course.id}/lecciones/${l.id}`}>{pick(l.title, locale)}</a> {done.has(l.id) ? <Tag tone="success">{t('training.lesson.done')}</Tag> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
      <h2>{t('training.assessment.heading')}</h2>
      {!enrolment ? (
        props.signedIn ? (
          <Form action={`/capacitacion/${course.id}/inscripcion`}>
            <Button type="submit">{t('training.course.enrol')}</Button>
          </Form>
        ) : (
          <p>
            <a href={`/ingresar?volver=/capacitacion/${course.id}`}>{t('training.course.signIn')}</a>
          </p>
        )
      ) : allDone ? (
        <p>
          <a href={`/capacitacion/${course.id}/evaluacion`}>{t('training.assessment.start')}</a>
        </p>
      ) : (
        <p>{t('training.assessment.pending', { count: lessons.filter((l) => !done.has(l.id)).length })}</p>
      )}
    </>
  );
}

function Quiz(props: { action: string; questions: Question[]; answers: Record<string, string | undefined>; errors: Record<string, string>; submit: string }) {
  const { locale } = useView();
  return (
    <Form action={`${props.action}#resumen-errores`}>
      {props.questions.map((q) => (
        <Radios
          key={q.id}
          name={`p-${q.id}`}
          label={pick(q.prompt, locale)}
          value={props.answers[`p-${q.id}`]}
          error={props.errors[`p-${q.id}`]}
          options={q.options.map((o) => ({ value: o.id, label: pick(o.text, locale) }))}
        />
      ))}
      <Button type="submit">{props.submit}</Button>
    </Form>
  );
}

function Feedback(props: { questions: Question[]; answers: Record<string, string | undefined> }) {
  const { t, locale } = useView();
  return (
    <ul>
      {props.questions.map((q) => {
        const right = props.answers[`p-${q.id}`] === q.correct;
        return (
          <li key={q.id}>
            <strong>{pick(q.prompt, locale)}</strong> <Tag tone={right ? 'success' : 'warning'}>{t(right ? 'training.quiz.right' : 'training.quiz.wrong')}</Tag> {pick(q.feedback, locale)}
          </li>
        );
      })}
    </ul>
  );
}

export function LessonPage(props: {
  course: Course;
  lesson: Lesson;
  next: Lesson | undefined;
  enrolled: boolean;
  answers: Record<string, string | undefined>;
  errors: Record<string, string>;
  result?: { correct: number; total: number };
}) {
  const { t, locale } = useView();
  const { course, lesson } = props;
  const base = `/capacitacion/${course.id}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{pick(lesson.title, locale)}</h1>
      {lesson.illustration ? <Picture kind={lesson.illustration.kind} alt={pick(lesson.illustration.alt, locale)} /> : null}
      {lesson.paragraphs.map((p, i) => (
        <p key={i}>{pick(p, locale)}</p>
      ))}
      {lesson.video ? (
        <>
          <p>
            <a href={lesson.video.url}>{t('training.lesson.video')}</a>
          </p>
          <p>{pick(lesson.video.transcript, locale)}</p>
        </>
      ) : null}
      <h2>{t('training.quiz.heading')}</h2>
      {props.result ? (
        <>
          <p role="status" class="notice">
            {t('training.quiz.result', { correct: props.result.correct, total: props.result.total })}
          </p>
          <Feedback questions={lesson.quiz} answers={props.answers} />
          <p>
            {props.next ? <a href={`${base}/lecciones/${props.next.id}`}>{t('training.lesson.next', { title: pick(props.next.title, locale) })}</a> : <a href={base}>{t('training.lesson.back')}</a>}
          </p>
        </>
      ) : props.enrolled ? (
        <Quiz action={`${base}/lecciones/${lesson.id}`} questions={lesson.quiz} answers={props.answers} errors={props.errors} submit={t('training.quiz.submit')} />
      ) : (
        <p>
          <a href={base}>{t('training.lesson.enrolFirst')}</a>
        </p>
      )}
    </>
  );
}

export function AssessmentPage(props: {
  course: Course;
  answers: Record<string, string | undefined>;
  errors: Record<string, string>;
  result?: { correct: number; total: number; percent: number; passed: boolean };
}) {
  const { t, locale } = useView();
  const { course } = props;
  const base = `/capacitacion/${course.id}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('training.assessment.title', { course: pick(course.content.title, locale) })}</h1>
      {props.result ? (
        <>
          <p role="status" class="notice">
            {t(props.result.passed ? 'training.assessment.passed' : 'training.assessment.failed', { percent: props.result.percent, pass: course.passPercent })}
          </p>
          <Feedback questions={course.content.assessment} answers={props.answers} />
          <p>
            <a href={props.result.passed ? base : `${base}/evaluacion`}>{t(props.result.passed ? 'training.lesson.back' : 'training.assessment.retry')}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t('training.assessment.lead', { pass: course.passPercent })}</p>
          <Quiz action={`${base}/evaluacion`} questions={course.content.assessment} answers={props.answers} errors={props.errors} submit={t('training.assessment.submit')} />
        </>
      )}
    </>
  );
}

export function EntityReportPage(props: { agencies: string[]; agency: string | undefined; courses: Course[]; rows: Array<Enrolment & { givenName: string; familyName: string }> }) {
  const { t, format, locale } = useView();
  const title = (id: string) => {
    const c = props.courses.find((x) => x.id === id);
    return c ? pick(c.content.title, locale) : id;
  };
  return (
    <>
      <h1>{t('training.report.heading')}</h1>
      <Form action="/capacitacion/entidad" method="get">
        <Select name="entidad" label={t('training.report.agency')} value={props.agency} options={props.agencies.map((a) => ({ value: a, label: a }))} />
        <Button type="submit" variant="secondary">
          {t('training.report.show')}
        </Button>
      </Form>
      {props.agency ? (
        <Table
          caption={t('training.report.caption', { agency: props.agency })}
          columns={[{ label: t('training.report.person') }, { label: t('training.report.course') }, { label: t('training.report.status') }]}
          rows={props.rows.map((r) => [
            `${r.givenName} ${r.familyName}`,
            title(r.courseId),
            r.completedAt ? t('training.report.completedOn', { date: format.date(r.completedAt), score: r.scorePercent ?? 0 }) : t('training.report.inProgress'),
          ])}
        />
      ) : null}
    </>
  );
}

export function FacilitationPage(props: { agencies: string[]; courses: Course[]; cohorts: CohortRow[]; form: { entidad: string; curso: string; nombre: string }; errors: Record<string, string> }) {
  const { t, locale } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('training.facilitation.heading')}</h1>
      <p>{t('training.facilitation.lead')}</p>
      <ul>
        {props.cohorts.map((c) => (
          <li key={c.id}>
            <a href={`/capacitacion/facilitacion/cohortes/${c.id}`}>{c.name}</a> · {c.agencyCode} · {t('training.facilitation.counts', { attendances: c.attendances, completed: c.completed })}
          </li>
        ))}
      </ul>
      <Form action="/capacitacion/facilitacion/cohortes#resumen-errores">
        <h2>{t('training.facilitation.newCohort')}</h2>
        <Select name="entidad" label={t('training.report.agency')} value={props.form.entidad} options={props.agencies.map((a) => ({ value: a, label: a }))} />
        <Select name="curso" label={t('training.report.course')} value={props.form.curso} options={props.courses.map((c) => ({ value: c.id, label: pick(c.content.title, locale) }))} />
        <TextField name="nombre" label={t('training.facilitation.cohortName')} value={props.form.nombre} error={props.errors.nombre} />
        <Button type="submit">{t('training.facilitation.create')}</Button>
      </Form>
    </>
  );
}

export function CohortPage(props: {
  cohort: { id: string; name: string; courseId: string; agencyCode: string };
  attendance: Array<{ learnerName: string; learnerDocument: string; sessionDate: string; completed: boolean }>;
  certificates: PaperCertificate[];
  form: { nombre: string; documento: string; fecha: string; completo: string[] };
  errors: Record<string, string>;
  saved: boolean;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{props.cohort.name}</h1>
      {props.saved ? (
        <p role="status" class="notice">
          {t('training.facilitation.saved')}
        </p>
      ) : null}
      <Table
        caption={t('training.facilitation.attendance')}
        columns={[{ label: t('training.facilitation.learner') }, { label: t('training.facilitation.document') }, { label: t('training.facilitation.date') }, { label: t('training.report.status') }]}
        rows={props.attendance.map((a) => [a.learnerName, a.learnerDocument, a.sessionDate, a.completed ? t('training.facilitation.completedYes') : t('training.report.inProgress')])}
      />
      <PaperCertificates cohortId={props.cohort.id} attendance={props.attendance} certificates={props.certificates} />
      <Form action={`/capacitacion/facilitacion/cohortes/${props.cohort.id}/asistencia#resumen-errores`}>
        <h2>{t('training.facilitation.register')}</h2>
        <TextField name="nombre" label={t('training.facilitation.learner')} value={props.form.nombre} error={props.errors.nombre} />
        <TextField name="documento" label={t('training.facilitation.document')} value={props.form.documento} error={props.errors.documento} />
        <TextField name="fecha" label={t('training.facilitation.date')} hint={t('training.facilitation.dateHint')} value={props.form.fecha} error={props.errors.fecha} />
        <Checkboxes name="completo" label={t('training.facilitation.completedLabel')} values={props.form.completo} options={[{ value: 'si', label: t('training.facilitation.completedYes') }]} />
        <Button type="submit">{t('training.facilitation.save')}</Button>
      </Form>
    </>
  );
}

/** Completed attendees: print their certificate (issued at the first click, once per person and course). */
function PaperCertificates(props: { cohortId: string; attendance: Array<{ learnerName: string; learnerDocument: string; completed: boolean }>; certificates: PaperCertificate[] }) {
  const { t } = useView();
  const people = [...new Map(props.attendance.filter((a) => a.completed).map((a) => [a.learnerDocument, a.learnerName])).entries()];
  if (people.length === 0) return null;
  const base = `/capacitacion/facilitacion/cohortes/${props.cohortId}/certificados`;
  return (
    <>
      <h2>{t('training.paper.heading')}</h2>
      <p>{t('training.paper.hint')}</p>
      <ul class="list">
        {people.map(([document, name]) => {
          const issued = props.certificates.find((c) => c.learnerDocument === document)?.documentNumber;
          return (
            <li key={document}>
              {issued ? (
                <a href={`${base}/${encodeURIComponent(issued)}`}>{t('training.paper.open', { name, number: issued })}</a>
              ) : (
                <Form action={base}>
                  <input type="hidden" name="documento" value={document} />
                  <Button type="submit">{t('training.paper.issue', { name })}</Button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
