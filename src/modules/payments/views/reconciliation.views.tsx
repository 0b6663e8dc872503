// The daily reconciliation of an agency's payments: totals on both sides, the differences and
// their resolution (an official writes what was done about each one).
import { Button, ErrorSummary, Form, Panel, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { DifferenceSelection } from '../reconciliation.queries.ts';
import type { Reconciliation } from '../reconciliation.service.ts';
import { useMoney } from './payments.views.tsx';

export function ReconciliationPage(props: { agencies: Array<{ value: string; label: string }>; agency: string; day: string; reconciliation?: Reconciliation; currency: string }) {
  const { t, format } = useView();
  const money = useMoney();
  const r = props.reconciliation;
  const query = `institucion=${encodeURIComponent(props.agency)}&dia=${props.day}`;
  return (
    <>
      <h1>{t('payments.reconciliation.heading')}</h1>
      <p>{t('payments.reconciliation.lead')}</p>
      <Form method="get" action="/gestion/pagos/conciliacion">
        <Select name="institucion" label={t('payments.reconciliation.agency')} options={props.agencies} value={props.agency} />
        <TextField name="dia" label={t('payments.reconciliation.day')} hint={t('payments.reconciliation.dayHint')} value={props.day} />
        <Button variant="secondary">{t('payments.reconciliation.show')}</Button>
      </Form>
      <Form action={`/gestion/pagos/conciliacion?${query}`}>
        <Button>{t('payments.reconciliation.run')}</Button>
      </Form>
      {!r ? (
        <p>{t('payments.reconciliation.notRun')}</p>
      ) : (
        <>
          <SummaryList
            rows={[
              { key: t('payments.reconciliation.ledger'), value: t('payments.reconciliation.totals', { count: r.ledgerCount, amount: money(r.ledgerMinor, props.currency) }) },
              { key: t('payments.reconciliation.settled'), value: t('payments.reconciliation.totals', { count: r.settledCount, amount: money(r.settledMinor, props.currency) }) },
              { key: t('payments.reconciliation.runAt'), value: format.dateTime(r.runAt) },
            ]}
          />
          {r.differences.length === 0 ? (
            <Panel tone="success" title={t('payments.reconciliation.noDifferences')}>
              <p>{t('payments.reconciliation.noDifferencesText')}</p>
            </Panel>
          ) : (
            <Table
              caption={t('payments.reconciliation.differences', { count: r.differences.length })}
              columns={[
                { label: t('payments.reconciliation.kind') },
                { label: t('payments.field.reference') },
                { label: t('payments.field.code') },
                { label: t('payments.reconciliation.ledgerAmount'), numeric: true },
                { label: t('payments.reconciliation.settledAmount'), numeric: true },
                { label: t('payments.reconciliation.resolution') },
              ]}
              rows={r.differences.map((d) => [
                t(`payments.reconciliation.kinds.${d.kind}`),
                d.gateway_reference,
                d.order_code ?? '',
                d.ledger_minor === null ? '' : money(Number(d.ledger_minor), props.currency),
                d.settled_minor === null ? '' : money(Number(d.settled_minor), props.currency),
                d.resolved_at ? (
                  <Tag tone="success" key="r">
                    {t('payments.reconciliation.resolved')}
                  </Tag>
                ) : (
                  <a href={`/gestion/pagos/diferencias/${d.id}`} key="r">
                    {t('payments.reconciliation.resolve')}
                  </a>
                ),
              ])}
            />
          )}
          <p>
            <a href={`/gestion/pagos/conciliacion.csv?${query}`} download>
              {t('payments.reconciliation.csv')}
            </a>
          </p>
        </>
      )}
    </>
  );
}

export function DifferencePage(props: { difference: DifferenceSelection; agency: string; day: string; typed?: string; error?: string; currency: string }) {
  const { t, format } = useView();
  const money = useMoney();
  const d = props.difference;
  const errors = summaryItems({ resolucion: props.error });
  return (
    <>
      {errors.length > 0 ? <ErrorSummary errors={errors} autofocus /> : null}
      <h1>{t('payments.reconciliation.differenceHeading')}</h1>
      <SummaryList
        rows={[
          { key: t('payments.reconciliation.kind'), value: t(`payments.reconciliation.kinds.${d.kind}`) },
          { key: t('payments.field.reference'), value: d.gateway_reference },
          { key: t('payments.field.code'), value: d.order_code ?? '' },
          { key: t('payments.reconciliation.ledgerAmount'), value: d.ledger_minor === null ? '' : money(Number(d.ledger_minor), props.currency) },
          { key: t('payments.reconciliation.settledAmount'), value: d.settled_minor === null ? '' : money(Number(d.settled_minor), props.currency) },
          ...(d.resolved_at
            ? [
                { key: t('payments.reconciliation.resolvedAt'), value: format.dateTime(d.resolved_at) },
                { key: t('payments.reconciliation.resolution'), value: d.resolution ?? '' },
              ]
            : []),
        ]}
      />
      {d.resolved_at ? null : (
        <Form action={`/gestion/pagos/diferencias/${d.id}`}>
          <TextArea name="resolucion" label={t('payments.reconciliation.resolution')} hint={t('payments.reconciliation.resolutionHint')} value={props.typed} error={props.error} />
          <Button>{t('payments.reconciliation.resolve')}</Button>
        </Form>
      )}
      <p>
        <a href={`/gestion/pagos/conciliacion?institucion=${encodeURIComponent(props.agency)}&dia=${props.day}`}>{t('payments.reconciliation.back')}</a>
      </p>
    </>
  );
}
