// The producer's officials' page (/gestion/interoperabilidad): the services of the agencies they
// administer, who may call each endpoint, a form to grant access and a button per grant to revoke it.
import { useView } from '../../../platform/views/context.ts';
import { Button, ErrorSummary, Form, Panel, Select, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { type Grant, METHODS, type Service } from '../interop.types.ts';

export interface GrantForm {
  service?: string;
  client?: string;
  method?: string;
  path?: string;
}

export function ManagePage(props: { instance: string; services: Array<{ id: string; service: Service; grants: Grant[] }>; done?: string; errors?: Record<string, string>; values?: GrantForm }) {
  const { t } = useView();
  const errors = props.errors ?? {};
  const items = summaryItems(errors);
  const clientOf = (g: Grant) => `${props.instance}/GOV/${g.clientMember}/${g.clientSubsystem}`;
  return (
    <>
      {items.length > 0 ? <ErrorSummary errors={items} autofocus /> : null}
      {props.done === 'concedido' || props.done === 'revocado' ? (
        <Panel tone="success">
          <p>{t(props.done === 'concedido' ? 'interop.manage.granted' : 'interop.manage.revoked')}</p>
        </Panel>
      ) : null}
      <h1>{t('interop.manage.heading')}</h1>
      <p>{t('interop.manage.lead')}</p>
      {props.services.length === 0 ? <p>{t('interop.manage.empty')}</p> : null}
      {props.services.map(({ id, service, grants }) => (
        <section key={service.id} aria-labelledby={`s-${service.id}`}>
          <h2 id={`s-${service.id}`}>
            {service.title} <code>{id}</code>
          </h2>
          {grants.length === 0 ? (
            <p>{t('interop.manage.noGrants')}</p>
          ) : (
            <Table
              caption={t('interop.manage.grantsCaption', { service: service.title })}
              columns={[{ label: t('interop.manage.client') }, { label: t('interop.manage.method') }, { label: t('interop.manage.path') }, { label: t('interop.manage.actions') }]}
              rows={grants.map((g) => [
                clientOf(g),
                g.method,
                g.path,
                <Form key="r" action="/gestion/interoperabilidad/revocar">
                  <input type="hidden" name="service" value={service.id} />
                  <input type="hidden" name="client" value={clientOf(g)} />
                  <input type="hidden" name="method" value={g.method} />
                  <input type="hidden" name="path" value={g.path} />
                  <Button type="submit" variant="warning">
                    {t('interop.manage.revoke')}
                    <span class="visually-hidden">
                      {' '}
                      {clientOf(g)} {g.method} {g.path}
                    </span>
                  </Button>
                </Form>,
              ])}
            />
          )}
        </section>
      ))}
      {props.services.length > 0 ? (
        <>
          <h2>{t('interop.manage.grantHeading')}</h2>
          <Form action="/gestion/interoperabilidad/conceder">
            <Select
              name="service"
              label={t('interop.field.service')}
              options={props.services.map((s) => ({ value: s.service.id, label: `${s.service.title} (${s.id})` }))}
              value={props.values?.service}
              error={errors.service}
            />
            <TextField
              name="client"
              label={t('interop.manage.client')}
              hint={t('interop.manage.clientHint', { instance: props.instance })}
              value={props.values?.client}
              error={errors.client}
              autocomplete="off"
            />
            <Select
              name="method"
              label={t('interop.manage.method')}
              options={METHODS.map((m) => ({ value: m, label: m === '*' ? t('interop.manage.anyMethod') : m }))}
              value={props.values?.method ?? 'GET'}
              error={errors.method}
            />
            <TextField name="path" label={t('interop.manage.path')} hint={t('interop.manage.pathHint')} value={props.values?.path ?? '/'} error={errors.path} autocomplete="off" />
            <Button type="submit">{t('interop.manage.grant')}</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
