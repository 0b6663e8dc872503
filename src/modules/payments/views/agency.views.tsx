// The agency's payments for its officials: the order list with filters, the cases waiting for
// the official to set their fee, and one order's page with its ledger and the refund form.
import { Button, ErrorSummary, Form, Select, SummaryList, Table, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { FeeRequest } from '../agency-orders.service.ts';
import { ORDER_STATUSES, type PaymentEvent, type PaymentOrder } from '../payments.types.ts';
import { StatusTag, useMoney } from './payments.views.tsx';

export interface AgencyOrdersFilter {
  agency: string;
  estado?: string;
  tramite?: string;
  desde?: string;
  hasta?: string;
}

export function AgencyOrdersPage(props: {
  /** The payees the person may look at, with their names. */
  agencies: Array<{ value: string; label: string }>;
  filter: AgencyOrdersFilter;
  orders: PaymentOrder[];
  procedures: Array<{ procedureId: string; concept: string }>;
  feeRequests: FeeRequest[];
}) {
  const { t, format } = useView();
  const money = useMoney();
  const f = props.filter;
  return (
    <>
      <h1>{t('payments.agency.heading')}</h1>
      <p>{t('payments.agency.lead')}</p>
      <Form method="get" action="/gestion/pagos">
        <Select name="institucion" label={t('payments.reconciliation.agency')} options={props.agencies} value={f.agency} />
        <Select
          name="estado"
          label={t('payments.field.status')}
          placeholder={t('payments.agency.any')}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`payments.status.${s}`) }))}
          value={f.estado}
        />
        <Select
          name="tramite"
          label={t('payments.agency.procedure')}
          placeholder={t('payments.agency.any')}
          options={props.procedures.map((p) => ({ value: p.procedureId, label: p.concept }))}
          value={f.tramite}
        />
        <TextField name="desde" label={t('payments.agency.from')} hint={t('payments.reconciliation.dayHint')} value={f.desde} width="10" optional />
        <TextField name="hasta" label={t('payments.agency.to')} hint={t('payments.reconciliation.dayHint')} value={f.hasta} width="10" optional />
        <Button variant="secondary">{t('payments.agency.filter')}</Button>
      </Form>
      <p>
        <a href={`/gestion/pagos/conciliacion?institucion=${encodeURIComponent(f.agency)}`}>{t('payments.reconciliation.heading')}</a>
      </p>
      {props.feeRequests.length > 0 ? (
        <Table
          caption={t('payments.agency.feeRequests', { count: props.feeRequests.length })}
          columns={[{ label: t('payments.field.concept') }, { label: t('payments.agency.createdAt') }, { label: t('payments.agency.amount') }]}
          rows={props.feeRequests.map((r) => [
            r.concept,
            format.dateTime(r.createdAt),
            <a href={`/gestion/pagos/importes/${r.caseId}`} key="f">
              {t('payments.agency.setFee')}
            </a>,
          ])}
        />
      ) : null}
      {props.orders.length === 0 ? (
        <p>{t('payments.agency.empty')}</p>
      ) : (
        <Table
          caption={t('payments.agency.caption', { count: props.orders.length })}
          columns={[
            { label: t('payments.field.code') },
            { label: t('payments.field.concept') },
            { label: t('payments.field.amount'), numeric: true },
            { label: t('payments.field.status') },
            { label: t('payments.agency.createdAt') },
          ]}
          rows={props.orders.map((o) => [
            <a href={`/gestion/pagos/ordenes/${o.code}`} key="c">
              {o.code}
            </a>,
            o.concept,
            money(o.amountMinor, o.currency),
            <StatusTag status={o.status} key="s" />,
            format.dateTime(o.createdAt),
          ])}
        />
      )}
    </>
  );
}

export function AgencyOrderPage(props: { order: PaymentOrder; ledger: PaymentEvent[]; typed?: string; error?: string }) {
  const { t, format } = useView();
  const money = useMoney();
  const o = props.order;
  const requested = props.ledger.find((e) => e.kind === 'refund_requested');
  const refundable = o.checkoutId !== null && (o.status === 'paid' || (o.status === 'expired' && o.refundDue)) && !requested;
  const errors = summaryItems({ motivo: props.error });
  return (
    <>
      {errors.length > 0 ? <ErrorSummary errors={errors} autofocus /> : null}
      <h1>{t('payments.agency.orderHeading', { code: o.code })}</h1>
      <SummaryList
        rows={[
          { key: t('payments.field.concept'), value: o.concept },
          { key: t('payments.field.amount'), value: money(o.amountMinor, o.currency) },
          { key: t('payments.field.status'), value: <StatusTag status={o.status} /> },
          { key: t('payments.agency.createdAt'), value: format.dateTime(o.createdAt) },
          { key: t('payments.field.expiresAt'), value: format.dateTime(o.expiresAt) },
          ...(o.caseTrackingCode ? [{ key: t('payments.agency.case'), value: o.caseTrackingCode }] : []),
          ...(requested ? [{ key: t('payments.agency.refundReason'), value: requested.note ?? '' }] : []),
        ]}
      />
      <Table
        caption={t('payments.agency.ledger')}
        columns={[{ label: t('payments.agency.event') }, { label: t('payments.field.reference') }, { label: t('payments.agency.when') }]}
        rows={props.ledger.map((e) => [t(`payments.agency.events.${e.kind}`), e.gatewayReference ?? '', format.dateTime(e.occurredAt)])}
      />
      {refundable ? (
        <Form action={`/gestion/pagos/ordenes/${o.code}/devolucion`}>
          <h2>{t('payments.agency.refundHeading')}</h2>
          <TextArea name="motivo" label={t('payments.agency.refundReason')} hint={t('payments.agency.refundHint')} value={props.typed} error={props.error} />
          <Button preventDoubleClick>{t('payments.agency.refund')}</Button>
        </Form>
      ) : null}
      <p>
        <a href={`/gestion/pagos?institucion=${encodeURIComponent(o.payeeAgency)}`}>{t('payments.agency.back')}</a>
      </p>
    </>
  );
}

export function FeePage(props: { request: FeeRequest; typed?: string; error?: string }) {
  const { t, format } = useView();
  const r = props.request;
  const errors = summaryItems({ importe: props.error });
  return (
    <>
      {errors.length > 0 ? <ErrorSummary errors={errors} autofocus /> : null}
      <h1>{t('payments.agency.feeHeading')}</h1>
      <SummaryList
        rows={[
          { key: t('payments.field.concept'), value: r.concept },
          { key: t('payments.agency.case'), value: r.caseTrackingCode },
          { key: t('payments.agency.createdAt'), value: format.dateTime(r.createdAt) },
        ]}
      />
      <Form action={`/gestion/pagos/importes/${r.caseId}`}>
        <TextField name="importe" label={t('payments.agency.amount')} hint={t('payments.agency.amountHint')} inputmode="decimal" width="10" value={props.typed} error={props.error} />
        <Button preventDoubleClick>{t('payments.agency.setFee')}</Button>
      </Form>
      <p>
        <a href={`/gestion/pagos?institucion=${encodeURIComponent(r.payeeAgency)}`}>{t('payments.agency.back')}</a>
      </p>
    </>
  );
}
