// Public consultation of norms: the list; a consultation with its articles, comments, supports,
// answers and, once published, the final text with what changed in each article.
import { Button, ErrorSummary, Form, Select, Tag, TextArea, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { diffWords } from '../diff.ts';
import { type Article, type NormComment, type NormConsultation, phaseOf } from '../norms.types.ts';

export function NormListPage(props: { consultations: NormConsultation[] }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('norms.list.heading')}</h1>
      <p>{t('norms.list.lead')}</p>
      {props.consultations.length === 0 ? <p>{t('norms.list.empty')}</p> : null}
      <ul>
        {props.consultations.map((c) => (
          <li key={c.id}>
            <a href={`/normas/${c.id}`}>{c.title}</a> <Tag>{t(`norms.phase.${phaseOf(c)}`)}</Tag> {t('norms.list.closes', { date: format.date(c.closesAt) })}
          </li>
        ))}
      </ul>
    </>
  );
}

function Comments(props: { comments: NormComment[]; consultationId: string; canSupport: boolean }) {
  const { t } = useView();
  return (
    <>
      {props.comments.map((c) => (
        <div key={c.id} class="panel">
          <p>{c.body}</p>
          <p>
            {t('norms.comment.supports', { count: c.supports })}
            {c.outcome ? (
              <>
                {' '}
                <Tag tone={c.outcome === 'accepted' ? 'success' : c.outcome === 'partly' ? 'info' : 'neutral'}>{t(`norms.outcome.${c.outcome}`)}</Tag> {c.reason}
              </>
            ) : null}
          </p>
          {props.canSupport ? (
            <Form action={`/normas/${props.consultationId}/comentarios/${c.id}/apoyo`}>
              <Button type="submit" variant="secondary">
                {t('norms.comment.support')}
              </Button>
            </Form>
          ) : null}
        </div>
      ))}
    </>
  );
}

function Changes(props: { article: Article }) {
  const { t } = useView();
  const a = props.article;
  if (a.draftText === a.finalText) return <p>{t('norms.final.unchanged')}</p>;
  if (a.finalText === null) return <p>{t('norms.final.removed')}</p>;
  return (
    <p>
      {diffWords(a.draftText ?? '', a.finalText).map((run, index) => (run.op === 'same' ? run.text : run.op === 'removed' ? <del key={index}>{run.text}</del> : <ins key={index}>{run.text}</ins>))}
    </p>
  );
}

export function NormPage(props: {
  consultation: NormConsultation;
  articles: Article[];
  comments: NormComment[];
  signedIn: boolean;
  form: { articulo: string; comentario: string };
  errors: Record<string, string>;
  sent: boolean;
}) {
  const { t, format } = useView();
  const c = props.consultation;
  const phase = phaseOf(c);
  const open = phase === 'open';
  const whole = props.comments.filter((m) => m.articleNumber === null);
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{c.title}</h1>
      {props.sent ? (
        <p role="status" class="notice">
          {t('norms.comment.sent')}
        </p>
      ) : null}
      <p>
        <Tag>{t(`norms.phase.${phase}`)}</Tag> {t(`norms.kind.${c.kind}`)} · {c.agencyCode} · {t('norms.period', { from: format.date(c.opensAt), to: format.date(c.closesAt) })}
      </p>
      <p>{c.summary}</p>
      {props.articles.map((a) => (
        <section key={a.number} aria-labelledby={`articulo-${a.number}`}>
          <h2 id={`articulo-${a.number}`}>{t('norms.article', { number: a.number, heading: a.heading })}</h2>
          {a.draftText !== null ? <p>{a.draftText}</p> : null}
          {phase === 'final' ? (
            <>
              <h3>{t('norms.final.heading')}</h3>
              <Changes article={a} />
            </>
          ) : null}
          <Comments comments={props.comments.filter((m) => m.articleNumber === a.number)} consultationId={c.id} canSupport={open && props.signedIn} />
        </section>
      ))}
      <section aria-labelledby="comentarios-generales">
        <h2 id="comentarios-generales">{t('norms.comment.whole')}</h2>
        <Comments comments={whole} consultationId={c.id} canSupport={open && props.signedIn} />
      </section>
      {open && props.signedIn ? (
        <Form action={`/normas/${c.id}/comentarios#resumen-errores`}>
          <h2>{t('norms.comment.heading')}</h2>
          <Select
            name="articulo"
            label={t('norms.comment.about')}
            value={props.form.articulo}
            error={props.errors.articulo}
            options={[
              { value: '', label: t('norms.comment.wholeOption') },
              ...props.articles.filter((a) => a.draftText !== null).map((a) => ({ value: String(a.number), label: t('norms.article', { number: a.number, heading: a.heading }) })),
            ]}
          />
          <TextArea name="comentario" label={t('norms.comment.label')} value={props.form.comentario} error={props.errors.comentario} rows={5} />
          <Button type="submit">{t('norms.comment.submit')}</Button>
        </Form>
      ) : open ? (
        <p>
          <a href={`/ingresar?volver=/normas/${c.id}`}>{t('norms.comment.signIn')}</a>
        </p>
      ) : null}
    </>
  );
}
