// Finding the procedure to file at the counter: the official types part of its name and picks it
// from what the catalog finds (several matches), or types again (none).
import { Button, ErrorSummary, Form, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

/** The counter's search field: on the queue page and on the search results. */
export function CounterSearchForm(props: { typed?: string; error?: string }) {
  const { t } = useView();
  return (
    <Form action="/gestion/solicitar" method="get">
      <TextField name="tramite" label={t('cases.assisted.procedure')} hint={t('cases.assisted.procedureHint')} value={props.typed ?? ''} width="30" error={props.error} />
      <Button variant="secondary">{t('cases.assisted.start')}</Button>
    </Form>
  );
}

export function CounterSearchView(props: { typed: string; found: Array<{ slug: string; name: string }>; error?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={props.error ? [{ fieldId: 'campo-tramite', message: props.error }] : []} />
      <h1>{t('cases.assisted.procedure')}</h1>
      {props.found.length > 0 ? (
        <>
          <p>{t('cases.assisted.found', { count: props.found.length, typed: props.typed })}</p>
          <ul class="list">
            {props.found.map((p) => (
              <li key={p.slug}>
                <a href={`/gestion/solicitar?tramite=${encodeURIComponent(p.slug)}`}>{p.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <CounterSearchForm typed={props.typed} error={props.error} />
    </>
  );
}
