// Pages of the owner agency's officials (/gestion/registros): the registries they keep, a
// search, a record with its versions (who, when, why) and the form that creates or changes a
// record, with a summary of errors linked to the fields and the input kept.
import { useView } from '../../../platform/views/context.ts';
import { Button, ErrorSummary, Form, Panel, Select, SummaryList, summaryItems, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import type { Content, RecordVersion, RegistryDefinition, RegistryRecord } from '../registry.types.ts';

const text = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : value === null || value === undefined ? '' : String(value));

export function KeeperHomePage(props: { registries: RegistryDefinition[]; selected?: RegistryDefinition; search?: string; records: RegistryRecord[]; total: number }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('registries.keeper.heading')}</h1>
      <p class="lead">{t('registries.keeper.lead')}</p>
      <ul>
        {props.registries.map((r) => (
          <li key={r.name}>
            <a href={`/gestion/registros?registro=${r.name}`}>{t(`registries.name.${r.name}`)}</a> · <a href={`/gestion/registros/${r.name}/nuevo`}>{t('registries.keeper.new')}</a>
          </li>
        ))}
      </ul>
      {props.selected ? (
        <>
          <h2>{t(`registries.name.${props.selected.name}`)}</h2>
          <Form method="get" action="/gestion/registros">
            <input type="hidden" name="registro" value={props.selected.name} />
            <TextField name="buscar" type="search" label={t('registries.keeper.search')} value={props.search} optional />
            <Button type="submit" variant="secondary">
              {t('registries.keeper.searchButton')}
            </Button>
          </Form>
          <p>{t('registries.keeper.count', { count: props.total })}</p>
          {props.records.length > 0 ? (
            <Table
              caption={t(`registries.name.${props.selected.name}`)}
              captionHidden
              columns={[{ label: t(`registries.field.id`) }, { label: t('registries.keeper.summary') }, { label: t('registries.keeper.modified') }]}
              rows={props.records.map((r) => [
                <a key="k" href={`/gestion/registros/${r.registry}/${encodeURIComponent(r.key)}`}>
                  {r.key}
                </a>,
                text(r.content.name ?? `${text(r.content.firstName)} ${text(r.content.lastName)}`),
                format.date(r.modifiedAt),
              ])}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

export interface RecordFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The record form: one field per declared field (enums as selects, lists as comma-separated text), and the reason. */
export function RecordFormPage(props: { registry: RegistryDefinition; record?: RegistryRecord; history?: RecordVersion[]; state: RecordFormState; saved?: boolean }) {
  const { t, format } = useView();
  const { registry, record, state } = props;
  const action = record ? `/gestion/registros/${registry.name}/${encodeURIComponent(record.key)}` : `/gestion/registros/${registry.name}/nuevo`;
  return (
    <>
      <ErrorSummary errors={summaryItems(state.errors)} autofocus />
      {props.saved ? (
        <Panel tone="success">
          <p>{t('registries.keeper.saved')}</p>
        </Panel>
      ) : null}
      <h1>{record ? t('registries.keeper.recordHeading', { id: record.key }) : t('registries.keeper.newHeading', { registry: t(`registries.name.${registry.name}`) })}</h1>
      {record ? <SummaryList rows={Object.keys(registry.fields).map((name) => ({ key: t(`registries.field.${name}`), value: text(record.content[name]) || '—' }))} /> : null}
      {props.history && props.history.length > 0 ? (
        <Table
          caption={t('registries.keeper.history')}
          columns={[{ label: t('registries.keeper.version') }, { label: t('registries.keeper.from') }, { label: t('registries.keeper.who') }, { label: t('registries.keeper.reason') }]}
          rows={props.history.map((v) => [
            format.number(v.version),
            format.dateTime(v.validFrom),
            `${v.agencyCode ?? '—'} (${t(`registries.actor.${v.actorType}`)})`,
            v.deleted ? `${v.reason} — ${t('registries.keeper.deleted')}` : v.reason,
          ])}
        />
      ) : null}
      <h2>{record ? t('registries.keeper.change') : t('registries.keeper.data')}</h2>
      <Form action={`${action}#resumen-errores`}>
        {Object.entries(registry.fields).map(([name, spec]) => {
          if (record && name === 'id') return null;
          const common = { name, label: t(`registries.field.${name}`), error: state.errors[name], optional: !spec.required };
          if (spec.type === 'enum') {
            return <Select key={name} {...common} value={state.values[name]} placeholder="" options={(spec.values ?? []).map((value) => ({ value, label: t(`registries.value.${name}.${value}`) }))} />;
          }
          const hint = spec.type === 'date' ? t('registries.keeper.dateHint') : spec.type === 'list' ? t('registries.keeper.listHint') : undefined;
          return <TextField key={name} {...common} hint={hint} value={state.values[name]} width={spec.type === 'date' ? '10' : undefined} />;
        })}
        <TextArea name="reason" label={t('registries.keeper.reason')} hint={t('registries.keeper.reasonHint')} value={state.values.reason} error={state.errors.reason} />
        <Button type="submit">{record ? t('registries.keeper.saveChange') : t('registries.keeper.create')}</Button>
      </Form>
      <p>
        <a href={`/gestion/registros?registro=${registry.name}`}>{t('registries.keeper.back')}</a>
      </p>
    </>
  );
}

/** The form's values from a record's content (lists as comma-separated text). */
export const formValues = (content: Content): Record<string, string> => Object.fromEntries(Object.entries(content).map(([k, v]) => [k, text(v)]));
