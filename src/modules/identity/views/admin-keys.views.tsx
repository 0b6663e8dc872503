// The provider's signing keys (/admin/llaves), for platform administrators.
import { Button, ButtonGroup, Form, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { Done } from './admin.views.tsx';

export interface KeyRow {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** `signingNow`: the key this process signs with; `signingNext`: the one processes started from now on sign with. */
export function KeysPage(props: { keys: KeyRow[]; signingNow: string; signingNext: string | undefined; done?: string }) {
  const { t, format } = useView();
  const state = (key: KeyRow) => {
    if (key.retiredAt) return <Tag>{t('identity.keys.state.retired')}</Tag>;
    if (key.kid === props.signingNow) return <Tag tone="success">{t('identity.keys.state.signing')}</Tag>;
    if (key.kid === props.signingNext) return <Tag tone="info">{t('identity.keys.state.next')}</Tag>;
    return <Tag tone="neutral">{t('identity.keys.state.published')}</Tag>;
  };
  const action = (key: KeyRow, path: 'activar' | 'retirar', label: string) => (
    <Form action={`/admin/llaves/${key.kid}/${path}`}>
      <button class={`button ${path === 'retirar' ? 'button--warning' : 'button--secondary'}`} type="submit" aria-label={t('identity.keys.actionWhat', { action: label, kid: key.kid })}>
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <Done message={props.done} />
      <h1>{t('identity.keys.heading')}</h1>
      <p class="lead">{t('identity.keys.lead')}</p>
      <Table
        caption={t('identity.keys.caption')}
        rowHeaders
        columns={[{ label: t('identity.keys.kid') }, { label: t('identity.keys.created') }, { label: t('identity.keys.state.label') }, { label: t('identity.roles.actions') }]}
        rows={props.keys.map((key) => [
          <code>{key.kid}</code>,
          format.dateTime(key.createdAt),
          state(key),
          key.retiredAt || key.kid === props.signingNext ? (
            ''
          ) : (
            <ButtonGroup>
              {action(key, 'activar', t('identity.keys.activate'))}
              {key.kid === props.signingNow ? null : action(key, 'retirar', t('identity.keys.retire'))}
            </ButtonGroup>
          ),
        ])}
      />
      <h2>{t('identity.keys.addHeading')}</h2>
      <p>{t('identity.keys.addLead')}</p>
      <Form action="/admin/llaves">
        <Button>{t('identity.keys.add')}</Button>
      </Form>
    </>
  );
}
