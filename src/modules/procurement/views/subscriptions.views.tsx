// The subscriptions page (/compras/suscripciones): what the unit the person acts for is subscribed
// to (CPV code and territory), a form to add one and a button to remove each.
import { Button, ErrorSummary, Form, Table, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Subscription } from '../procurement.queries.ts';
import { cpvLabel } from '../procurement.types.ts';
import { CpvSelect } from './procurement.views.tsx';

export function SubscriptionsPage(props: { unit: string; subscriptions: Subscription[]; values: Record<string, string>; errors: Record<string, string>; done: boolean }) {
  const { t, locale } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('procurement.subscriptions.heading')}</h1>
      <p>{t('procurement.subscriptions.lead', { unit: props.unit })}</p>
      {props.done ? <p role="status">{t('procurement.subscriptions.done')}</p> : null}
      {props.subscriptions.length === 0 ? (
        <p>{t('procurement.subscriptions.none')}</p>
      ) : (
        <Table
          caption={t('procurement.subscriptions.caption')}
          columns={[{ label: t('procurement.field.cpv') }, { label: t('procurement.field.territory') }, { label: t('procurement.subscriptions.remove') }]}
          rows={props.subscriptions.map((s) => [
            `${s.cpvCode} ${cpvLabel(s.cpvCode, locale)}`,
            s.territoryCode,
            <Form key={s.id} action={`/compras/suscripciones/${s.id}/baja`}>
              <Button type="submit" variant="secondary">
                {t('procurement.subscriptions.removeOne', { cpv: s.cpvCode, territory: s.territoryCode })}
              </Button>
            </Form>,
          ])}
        />
      )}
      <h2>{t('procurement.subscriptions.add')}</h2>
      <Form action="/compras/suscripciones#resumen-errores">
        <CpvSelect value={v.cpvCode} error={e.cpvCode} />
        <TextField name="territoryCode" label={t('procurement.field.territory')} hint={t('procurement.subscriptions.territoryHint')} value={v.territoryCode} error={e.territoryCode} width="10" />
        <Button type="submit">{t('procurement.subscriptions.submit')}</Button>
      </Form>
    </>
  );
}
