// The seller's orders: a table of her shop's orders by stage, and one order with what she needs
// to prepare it and, for a paid pickup order, the confirmation that she handed it to the buyer.
import { Button, Checkboxes, ErrorSummary, Form, SummaryList, Table, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Purchase, Seller } from '../marketplace.types.ts';
import { stageOf } from '../seller-orders.service.ts';
import { DoneNotice, orderColumns, useMoney } from './shop.views.tsx';

export function SellerOrdersPage(props: { seller: Seller; purchases: Purchase[]; owed: { count: number; amountMinor: number } }) {
  const { t, format } = useView();
  const money = useMoney();
  return (
    <>
      <h1>{t('marketplace.sellerOrders.heading')}</h1>
      <p>
        <a href={`/mercado/vender/${props.seller.id}`}>{props.seller.name}</a>
      </p>
      {props.purchases.length === 0 ? <p>{t('marketplace.sellerOrders.none')}</p> : null}
      {props.purchases.some((o) => o.paymentMethod === 'cash_on_delivery') ? (
        <p id="por-liquidar">{t('marketplace.sellerOrders.owed', { count: props.owed.count, amount: money(props.owed.amountMinor, props.purchases[0]?.currency ?? 'BOB') })}</p>
      ) : null}
      {props.purchases.length > 0 ? (
        <Table
          caption={t('marketplace.sellerOrders.heading')}
          captionHidden
          columns={orderColumns(t)}
          rows={props.purchases.map((o) => [
            <a key={o.id} href={`/mercado/vender/${props.seller.id}/pedidos/${o.id}`}>
              {o.summary}
            </a>,
            format.date(o.createdAt),
            money(o.totalMinor, o.currency),
            o.settledAt ? `${t(`marketplace.stage.${stageOf(o)}`)} · ${t('marketplace.orders.settled')}` : t(`marketplace.stage.${stageOf(o)}`),
          ])}
        />
      ) : null}
    </>
  );
}

export function SellerOrderPage(props: { seller: Seller; purchase: Purchase; buyerName: string; form: Record<string, string>; errors: Record<string, string>; done?: string }) {
  const { t, format } = useView();
  const money = useMoney();
  const o = props.purchase;
  const stage = stageOf(o);
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('marketplace.sellerOrders.order', { product: o.summary })}</h1>
      <DoneNotice done={props.done} />
      <SummaryList
        rows={[
          {
            key: t('marketplace.confirm.products'),
            value: (
              <ul class="list">
                {o.lines.map((l) => (
                  <li key={l.productId}>
                    {l.productName} × {l.quantity} · {money(l.unitPriceMinor, o.currency)}
                  </li>
                ))}
              </ul>
            ),
          },
          { key: t('marketplace.confirm.delivery'), value: money(o.deliveryMinor, o.currency) },
          { key: t('marketplace.confirm.total'), value: money(o.totalMinor, o.currency) },
          { key: t('marketplace.orders.date'), value: format.dateTime(o.createdAt) },
          { key: t('marketplace.sellerOrders.buyer'), value: props.buyerName },
          {
            key: t('marketplace.sellerOrders.delivery'),
            value: o.address ? t('marketplace.sellerOrders.byPost', { office: o.destinationOffice, address: o.address }) : t('marketplace.sellerOrders.pickup'),
          },
          { key: t('marketplace.orders.status'), value: t(`marketplace.stage.${stage}`) },
          ...(o.shipmentNumber ? [{ key: t('marketplace.sellerOrders.tracking'), value: <a href={`/envios/${o.shipmentNumber}`}>{o.shipmentNumber}</a> }] : []),
          ...(o.returnNumber ? [{ key: t('marketplace.withdraw.return'), value: <a href={`/envios/${o.returnNumber}`}>{o.returnNumber}</a> }] : []),
          ...(o.paymentMethod === 'cash_on_delivery'
            ? [
                {
                  key: t('marketplace.sellerOrders.settlement'),
                  value: o.settledAt ? t('marketplace.sellerOrders.settledOn', { date: format.date(o.settledAt) }) : t('marketplace.sellerOrders.notSettled'),
                },
              ]
            : []),
        ]}
      />
      {stage === 'to_hand_over' || Object.keys(props.errors).length > 0 ? (
        <Form action={`/mercado/vender/${props.seller.id}/pedidos/${o.id}/entrega`}>
          <Checkboxes
            name="entregado"
            label={t('marketplace.sellerOrders.handOver')}
            error={props.errors.entregado}
            values={props.form.entregado ? [props.form.entregado] : []}
            options={[{ value: '1', label: t('marketplace.sellerOrders.handOverConfirm', { buyer: props.buyerName }) }]}
          />
          <Button type="submit">{t('marketplace.sellerOrders.handOverSubmit')}</Button>
        </Form>
      ) : null}
    </>
  );
}
