// Empresa digital (/empresa): the units the signed-in person represents, the choice to act for
// one of them in this session, and the form that registers a new unit with the person as its
// legal representative.
import { useView } from '../../../platform/views/context.ts';
import { Button, ErrorSummary, Form, Panel, Select, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { LEGAL_FORMS, type RegistryRecord } from '../registry.types.ts';

export function EmpresaPage(props: {
  units: RegistryRecord[];
  actingFor?: RegistryRecord;
  registered?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  keyDocument: string;
  settlementAccount: boolean;
}) {
  const { t } = useView();
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} autofocus />
      {props.registered ? (
        <Panel tone="success">
          <p>{t('registries.empresa.registered', { id: props.registered })}</p>
        </Panel>
      ) : null}
      <h1>{t('registries.empresa.heading')}</h1>
      <p class="lead">{t('registries.empresa.lead')}</p>
      {props.actingFor ? (
        <Panel>
          <p>{t('registries.empresa.actingFor', { name: String(props.actingFor.content.name), id: props.actingFor.key })}</p>
          <Form action="/empresa/actuar">
            <input type="hidden" name="unidad" value="" />
            <Button type="submit" variant="secondary">
              {t('registries.empresa.stopActing')}
            </Button>
          </Form>
        </Panel>
      ) : null}
      <h2>{t('registries.empresa.mine')}</h2>
      {props.units.length === 0 ? (
        <p>{t('registries.empresa.none')}</p>
      ) : (
        <Table
          caption={t('registries.empresa.mine')}
          captionHidden
          columns={[
            { label: t('registries.field.id') },
            { label: t('registries.field.name') },
            { label: t('registries.field.status') },
            { label: t('registries.empresa.act') },
            { label: t('registries.empresa.mailbox') },
            ...(props.settlementAccount ? [{ label: t('registries.empresa.payments') }] : []),
          ]}
          rows={props.units.map((u) => [
            u.key,
            String(u.content.name),
            t(`registries.value.status.${String(u.content.status)}`),
            props.actingFor?.key === u.key ? (
              t('registries.empresa.current')
            ) : (
              <Form key="a" action="/empresa/actuar">
                <input type="hidden" name="unidad" value={u.key} />
                <Button type="submit" variant="secondary">
                  {t('registries.empresa.actFor', { name: String(u.content.name) })}
                </Button>
              </Form>
            ),
            <a key="b" href={`/empresa/buzon/${encodeURIComponent(u.key)}`}>
              {t('registries.empresa.mailboxOf', { name: String(u.content.name) })}
            </a>,
            ...(props.settlementAccount
              ? [
                  <a key="p" href={`/gestion/pagos/unidades/${encodeURIComponent(u.key)}/cuenta`}>
                    {t('registries.empresa.settlementAccount', { name: String(u.content.name) })}
                  </a>,
                ]
              : []),
          ])}
        />
      )}
      <h2>{t('registries.empresa.register')}</h2>
      <Form action="/empresa#resumen-errores">
        <TextField name="id" label={t('registries.empresa.key', { document: props.keyDocument })} value={values.id} error={errors.id} width="20" autocomplete="off" />
        <TextField name="name" label={t('registries.field.name')} value={values.name} error={errors.name} />
        <Select
          name="legalForm"
          label={t('registries.field.legalForm')}
          value={values.legalForm}
          error={errors.legalForm}
          placeholder=""
          options={LEGAL_FORMS.map((value) => ({ value, label: t(`registries.value.legalForm.${value}`) }))}
        />
        <TextField name="activityCodes" label={t('registries.field.activityCodes')} hint={t('registries.keeper.listHint')} value={values.activityCodes} error={errors.activityCodes} width="20" />
        <TextField name="address" label={t('registries.field.address')} value={values.address} error={errors.address} optional />
        <TextField name="territoryCode" label={t('registries.field.territoryCode')} value={values.territoryCode} error={errors.territoryCode} optional width="20" />
        <Button type="submit">{t('registries.empresa.submit')}</Button>
      </Form>
    </>
  );
}
