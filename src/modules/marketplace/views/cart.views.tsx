// The cart's pages: its lines grouped by seller (each line's quantity changed or the line removed
// by a small form of its own), the checkout form (each seller's delivery and payment, the
// destination), and the confirmation with the final price of each parcel and of all. No JavaScript.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ErrorSummary, Form, Radios, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Office } from '../../agencies/index.ts';
import { type CartGroup, cartField } from '../cart.service.ts';
import type { Parcel } from '../parcel.ts';
import { DELIVERY_OPTIONS, PAYMENT_METHODS, POST_PRICE_MINOR } from '../marketplace.types.ts';
import { DestinationFields, DoneNotice, ParcelSummary, SellerFacts, useMoney } from './shop.views.tsx';

export function CartPage(props: { groups: CartGroup[]; offices: Office[]; form: Record<string, string>; errors: Record<string, string>; cashOnDelivery: boolean; currency: string; done?: string }) {
  const { t } = useView();
  const money = useMoney();
  const { form, errors } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('marketplace.cart.heading')}</h1>
      <DoneNotice done={props.done} />
      {props.groups.length === 0 ? (
        <p>
          {t('marketplace.cart.empty')} <a href="/mercado">{t('marketplace.cart.shop')}</a>
        </p>
      ) : null}
      {props.groups.map((g) => (
        <section key={g.seller.id}>
          <h2>{t('marketplace.cart.seller', { seller: g.seller.name })}</h2>
          <ul class="list">
            {g.lines.map((l) => (
              <li key={l.product.id}>
                <p>
                  <a href={`/mercado/productos/${l.product.id}`}>{l.product.name}</a> — {money(l.product.priceMinor, l.product.currency)} × {l.quantity} ={' '}
                  {money(l.product.priceMinor * l.quantity, l.product.currency)}
                </p>
                <Form action={`/mercado/carrito/${l.product.id}`}>
                  <TextField
                    name={cartField.line(l.product.id)}
                    label={t('marketplace.cart.quantity', { product: l.product.name })}
                    value={form[cartField.line(l.product.id)] ?? String(l.quantity)}
                    error={errors[cartField.line(l.product.id)]}
                    inputmode="numeric"
                    width="4"
                  />
                  <Button type="submit" variant="secondary">
                    {t('marketplace.cart.change')}
                  </Button>
                </Form>
                <Form action={`/mercado/carrito/${l.product.id}/quitar`}>
                  <Button type="submit" variant="secondary">
                    {t('marketplace.cart.remove', { product: l.product.name })}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
          <p>
            {t('marketplace.cart.subtotal', {
              amount: money(
                g.lines.reduce((sum, l) => sum + l.product.priceMinor * l.quantity, 0),
                props.currency,
              ),
            })}
          </p>
        </section>
      ))}
      {props.groups.length > 0 ? (
        <>
          <h2>{t('marketplace.cart.checkout')}</h2>
          <p>{t('marketplace.cart.perParcel', { same: money(POST_PRICE_MINOR.sameRegion, props.currency), other: money(POST_PRICE_MINOR.otherRegion, props.currency) })}</p>
          <Form action="/mercado/carrito/pedido">
            <FormKey value={form.clave} />
            {props.groups.flatMap((g) => g.lines.map((l) => <input key={l.product.id} type="hidden" name={cartField.line(l.product.id)} value={String(l.quantity)} />))}
            {props.groups.map((g) => {
              const offered = DELIVERY_OPTIONS.filter((d) => g.lines.every((l) => l.product.delivery.includes(d)));
              return (
                <div key={g.seller.id}>
                  <Radios
                    name={cartField.delivery(g.seller.id)}
                    label={t('marketplace.cart.delivery', { seller: g.seller.name })}
                    value={form[cartField.delivery(g.seller.id)] ?? offered[0]}
                    error={errors[cartField.delivery(g.seller.id)]}
                    options={offered.map((d) => ({ value: d, label: t(`marketplace.delivery.${d}`) }))}
                  />
                  {props.cashOnDelivery && offered.includes('post') ? (
                    <Radios
                      name={cartField.payment(g.seller.id)}
                      label={t('marketplace.cart.payment', { seller: g.seller.name })}
                      hint={t('marketplace.buy.paymentHint')}
                      value={form[cartField.payment(g.seller.id)] ?? 'online'}
                      error={errors[cartField.payment(g.seller.id)]}
                      options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`marketplace.payment.${m}`) }))}
                    />
                  ) : null}
                </div>
              );
            })}
            <DestinationFields offices={props.offices} form={form} errors={errors} />
            <Button type="submit">{t('marketplace.buy.review')}</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

/** The checkout before anything is written: each seller's parcel with its final price, and the total. */
export function CartConfirmPage(props: { parcels: Parcel[]; form: Record<string, string>; currency: string }) {
  const { t } = useView();
  const money = useMoney();
  const online = props.parcels.filter((p) => p.paymentMethod === 'online').length;
  return (
    <>
      <h1>{t('marketplace.confirm.heading')}</h1>
      {props.parcels.map((p) => (
        <section key={p.seller.id}>
          <h2>{t('marketplace.cart.seller', { seller: p.seller.name })}</h2>
          <ParcelSummary parcel={p} currency={props.currency} totalId={`total-${p.seller.id}`} />
          <SellerFacts seller={p.seller} />
        </section>
      ))}
      <p>
        {t('marketplace.cart.total')}{' '}
        <strong id="total">
          {money(
            props.parcels.reduce((sum, p) => sum + p.price.totalMinor, 0),
            props.currency,
          )}
        </strong>
      </p>
      {online > 1 ? <p>{t('marketplace.cart.payments', { count: online })}</p> : null}
      <Form action="/mercado/carrito/pedido">
        <FormKey value={props.form.clave} />
        {Object.entries(props.form)
          .filter(([name]) => /^(cantidad-|entrega-|pago-)/.test(name) || name === 'oficina' || name === 'direccion')
          .map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        <input type="hidden" name="confirmar" value="1" />
        <Button type="submit">{online > 0 ? t('marketplace.confirm.submit') : t('marketplace.confirm.submitCashOnDelivery')}</Button>
      </Form>
    </>
  );
}
