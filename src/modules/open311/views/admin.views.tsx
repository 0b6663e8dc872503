import { Button, ErrorSummary, Form, Panel, Table, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { ApiKey } from '../api-key.types.ts';

export const ADMIN_PATH = '/admin/open311';
/** Where the page was first published; it redirects to ADMIN_PATH. */
export const OLD_ADMIN_PATH = '/administracion/open311';

/** The administrator's list of Open311 keys, the form to issue one, and a key just issued. */
export function ApiKeysPage(props: { keys: ApiKey[]; issued?: { application: string; key: string }; errors?: Record<string, string>; application?: string }) {
  const { t, format } = useView();
  const errors = props.errors ?? {};
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('open311.admin.title')}</h1>
      <p class="lead">{t('open311.admin.lead')}</p>
      {props.issued ? (
        <Panel tone="success" title={t('open311.admin.issued.title', { application: props.issued.application })}>
          <p>{t('open311.admin.issued.once')}</p>
          <p>
            <code id="clave-emitida">{props.issued.key}</code>
          </p>
        </Panel>
      ) : null}
      <h2>{t('open311.admin.issue.title')}</h2>
      <Form action={`${ADMIN_PATH}/claves`}>
        <TextField name="application" label={t('open311.admin.issue.application')} hint={t('open311.admin.issue.hint')} value={props.application} error={errors.application} />
        <Button>{t('open311.admin.issue.submit')}</Button>
      </Form>
      <h2>{t('open311.admin.list.title')}</h2>
      {props.keys.length === 0 ? (
        <p>{t('open311.admin.list.empty')}</p>
      ) : (
        <Table
          caption={t('open311.admin.list.title')}
          captionHidden
          columns={[{ label: t('open311.admin.list.application') }, { label: t('open311.admin.list.prefix') }, { label: t('open311.admin.list.issued') }, { label: t('open311.admin.list.state') }]}
          rows={props.keys.map((key) => [
            key.application,
            <code>{key.keyPrefix}…</code>,
            format.dateTime(key.issuedAt),
            key.revokedAt ? (
              t('open311.admin.list.revoked', { date: format.dateTime(key.revokedAt) })
            ) : (
              <Form action={`${ADMIN_PATH}/claves/${key.id}/revocar`}>
                <Button variant="warning">{t('open311.admin.list.revoke', { application: key.application })}</Button>
              </Form>
            ),
          ])}
        />
      )}
    </>
  );
}
