// "Mis pagos": the person's payment orders, one order with its ledger, and what to do next.
import { Button, Form, Notice, Panel, SummaryList, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { OrderStatus, PaymentEvent, PaymentOrder } from '../payments.types.ts';

const tone: Record<OrderStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  created: 'info',
  pending: 'info',
  paid: 'success',
  declined: 'danger',
  expired: 'warning',
  refunded: 'neutral',
};

export function StatusTag(props: { status: OrderStatus }) {
  const { t } = useView();
  return <Tag tone={tone[props.status]}>{t(`payments.status.${props.status}`)}</Tag>;
}

/** An amount in minor units, in the person's notation and the order's currency. */
export function useMoney(): (minor: number, currency: string) => string {
  const { format } = useView();
  return (minor, currency) => format.number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

export function OrderListPage(props: { orders: PaymentOrder[] }) {
  const { t, format } = useView();
  const money = useMoney();
  return (
    <>
      <h1>{t('payments.list.heading')}</h1>
      <p>{t('payments.list.lead')}</p>
      {props.orders.length === 0 ? (
        <p>{t('payments.list.empty')}</p>
      ) : (
        <Table
          caption={t('payments.list.caption')}
          columns={[
            { label: t('payments.field.concept') },
            { label: t('payments.field.code') },
            { label: t('payments.field.amount'), numeric: true },
            { label: t('payments.field.status') },
            { label: t('payments.field.expiresAt') },
          ]}
          rows={props.orders.map((o) => [
            <a href={`/pagos/${o.code}`} key="c">
              {o.concept}
            </a>,
            o.code,
            money(o.amountMinor, o.currency),
            <StatusTag status={o.status} key="s" />,
            format.dateTime(o.expiresAt),
          ])}
        />
      )}
    </>
  );
}

export type ReturnNotice = 'paid' | 'declined' | 'waiting';

export function OrderPage(props: { order: PaymentOrder; payee: string; events: PaymentEvent[]; notice?: ReturnNotice; payable: boolean }) {
  const { t, format } = useView();
  const money = useMoney();
  const { order } = props;
  const payment = props.events.find((e) => e.kind === 'paid' || e.kind === 'late_payment');
  return (
    <>
      <h1>{order.concept}</h1>
      {order.payerUnitKey ? <p>{t('payments.order.forUnit', { unit: order.payerUnitKey })}</p> : null}
      {props.notice ? (
        <Panel tone={props.notice === 'paid' ? 'success' : props.notice === 'declined' ? 'warning' : 'info'} title={t(`payments.return.${props.notice}`)}>
          <p>{t(`payments.return.${props.notice}Text`)}</p>
        </Panel>
      ) : null}
      {order.refundDue ? <Notice tone="warning">{t('payments.order.refundDue')}</Notice> : null}
      <SummaryList
        rows={[
          { key: t('payments.field.code'), value: order.code },
          { key: t('payments.field.amount'), value: money(order.amountMinor, order.currency) },
          { key: t('payments.field.payee'), value: props.payee },
          { key: t('payments.field.status'), value: <StatusTag status={order.status} /> },
          { key: t('payments.field.expiresAt'), value: format.dateTime(order.expiresAt) },
          ...(payment
            ? [
                { key: t('payments.field.paidAt'), value: format.dateTime(payment.occurredAt) },
                { key: t('payments.field.reference'), value: payment.gatewayReference ?? '' },
                ...(payment.method ? [{ key: t('payments.field.method'), value: t(`payments.method.${payment.method}`) }] : []),
                ...(payment.paidBy ? [{ key: t('payments.field.paidBy'), value: payment.paidBy }] : []),
              ]
            : []),
        ]}
      />
      {props.payable ? (
        <Form action={`/pagos/${order.code}/pagar`}>
          <p>{t('payments.order.payHint')}</p>
          <Button preventDoubleClick>{t('payments.order.pay')}</Button>
        </Form>
      ) : null}
      <p>{t('payments.order.counter', { code: order.code })}</p>
      <p>
        <a href="/pagos">{t('payments.order.back')}</a>
      </p>
    </>
  );
}
