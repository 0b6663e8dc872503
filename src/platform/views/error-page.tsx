import { useView } from './context.ts';

/** The page shown for any error on an HTML route: what happened, what to do, the reference id. */
export function ErrorPage(props: { title: string; status: number; reference: string }) {
  const { t } = useView();
  const help = props.status >= 500 ? 'errors.help.server' : props.status === 404 ? 'errors.help.notFound' : 'errors.help.client';
  return (
    <div class="error-page">
      <h1>{props.title}</h1>
      <p>{t(help)}</p>
      <p class="error-page__reference">{t('errors.reference', { id: props.reference })}</p>
      <p>
        <a href="/">{t('errors.backHome')}</a>
      </p>
    </div>
  );
}
