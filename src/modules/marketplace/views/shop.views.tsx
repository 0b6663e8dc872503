// The marketplace's public and buyer's pages: the search with its filters, a product with the
// seller's identity and address and the order form, the confirmation with the final price, a
// seller's shop, and the buyer's orders (pay, follow the parcel, rate). Plain forms, no JavaScript.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ErrorSummary, Form, Radios, Select, SummaryList, Table, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { ProductPhoto } from '../photos.service.ts';
import { PhotoGallery } from './photos.views.tsx';
import type { Office } from '../../agencies/index.ts';
import type { Parcel } from '../parcel.ts';
import { CATEGORIES, PAYMENT_METHODS, POST_PRICE_MINOR, type Product, type Purchase, SELLER_KINDS, type Seller } from '../marketplace.types.ts';

export function useMoney(): (minor: number, currency: string) => string {
  const { format } = useView();
  return (minor, currency) => format.number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

/** What the last form did, said once at the top of the page. */
export function DoneNotice(props: { done?: string }) {
  const { t } = useView();
  return props.done ? (
    <p role="status" class="notice">
      {t(`marketplace.done.${props.done}`)}
    </p>
  ) : null;
}

export interface Option {
  value: string;
  label: string;
}

type Found = Product & { sellerName: string; sellerKind: string };

export function SearchPage(props: { filter: Record<string, string>; territories: Option[]; products: Found[] }) {
  const { t } = useView();
  const money = useMoney();
  const f = props.filter;
  const any = { value: '', label: t('marketplace.search.any') };
  return (
    <>
      <h1>{t('marketplace.search.heading')}</h1>
      <p>{t('marketplace.search.lead')}</p>
      <p>
        <a href="/mercado/carrito">{t('marketplace.cart.heading')}</a> · <a href="/mercado/pedidos">{t('marketplace.orders.heading')}</a> ·{' '}
        <a href="/mercado/vender">{t('marketplace.sell.heading')}</a>
      </p>
      <Form method="get" action="/mercado">
        <TextField name="texto" type="search" label={t('marketplace.search.text')} value={f.texto} optional />
        <Select name="categoria" label={t('marketplace.field.category')} value={f.categoria} options={[any, ...CATEGORIES.map((c) => ({ value: c, label: t(`marketplace.category.${c}`) }))]} />
        <Select name="territorio" label={t('marketplace.search.territory')} value={f.territorio} options={[any, ...props.territories]} />
        <Select name="vendedor" label={t('marketplace.search.sellerKind')} value={f.vendedor} options={[any, ...SELLER_KINDS.map((k) => ({ value: k, label: t(`marketplace.kind.${k}`) }))]} />
        <Button type="submit" variant="secondary">
          {t('marketplace.search.submit')}
        </Button>
      </Form>
      <h2>{t('marketplace.search.results', { count: props.products.length })}</h2>
      {props.products.length === 0 ? <p>{t('marketplace.search.none')}</p> : null}
      <ul class="list" id="productos">
        {props.products.map((p) => (
          <li key={p.id}>
            <a href={`/mercado/productos/${p.id}`}>{p.name}</a> — {money(p.priceMinor, p.currency)} · {p.sellerName} ({t(`marketplace.kind.${p.sellerKind}`)})
          </li>
        ))}
      </ul>
    </>
  );
}

/** Who sells: the consumer's right to know the seller's identity and address. */
export function SellerFacts(props: { seller: Seller }) {
  const { t } = useView();
  const s = props.seller;
  return (
    <SummaryList
      rows={[
        { key: t('marketplace.seller.name'), value: <a href={`/mercado/tiendas/${s.id}`}>{s.name}</a> },
        { key: t('marketplace.seller.kind'), value: t(`marketplace.kind.${s.kind}`) },
        ...(s.unitKey ? [{ key: t('marketplace.seller.unitKey'), value: s.unitKey }] : []),
        { key: t('marketplace.seller.address'), value: s.address },
      ]}
    />
  );
}

export interface BuyForm {
  cantidad?: string;
  entrega?: string;
  oficina?: string;
  direccion?: string;
  /** `online` (the default) or `cash_on_delivery`, where the country profile allows it. */
  pago?: string;
  clave?: string;
  /** The quantity of the form "Añadir al carrito". */
  unidades?: string;
}

export function ProductPage(props: {
  product: Product;
  seller: Seller;
  photos?: ProductPhoto[];
  offices: Office[];
  form: BuyForm;
  errors: Record<string, string>;
  territoryNames: string[];
  cashOnDelivery: boolean;
}) {
  const { t } = useView();
  const money = useMoney();
  const p = props.product;
  const f = props.form;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{p.name}</h1>
      <PhotoGallery product={p} photos={props.photos ?? []} />
      <p>{p.description}</p>
      <SummaryList
        rows={[
          { key: t('marketplace.field.price'), value: money(p.priceMinor, p.currency) },
          { key: t('marketplace.field.category'), value: t(`marketplace.category.${p.category}`) },
          { key: t('marketplace.field.stock'), value: p.stock > 0 ? String(p.stock) : t('marketplace.product.soldOut') },
          { key: t('marketplace.field.territories'), value: props.territoryNames.join(', ') },
        ]}
      />
      <h2>{t('marketplace.product.seller')}</h2>
      <SellerFacts seller={props.seller} />
      {p.stock > 0 ? (
        <>
          <h2>{t('marketplace.buy.heading')}</h2>
          <p>{t('marketplace.buy.deliveryPrices', { same: money(POST_PRICE_MINOR.sameRegion, p.currency), other: money(POST_PRICE_MINOR.otherRegion, p.currency) })}</p>
          <Form action={`/mercado/productos/${p.id}/comprar`}>
            <FormKey value={f.clave} />
            <TextField name="cantidad" label={t('marketplace.buy.quantity')} value={f.cantidad ?? '1'} error={props.errors.cantidad} inputmode="numeric" width="4" />
            <Radios
              name="entrega"
              label={t('marketplace.buy.delivery')}
              value={f.entrega ?? p.delivery[0]}
              error={props.errors.entrega}
              options={p.delivery.map((d) => ({ value: d, label: t(`marketplace.delivery.${d}`) }))}
            />
            <DestinationFields offices={props.offices} form={f} errors={props.errors} />
            {props.cashOnDelivery && p.delivery.includes('post') ? (
              <Radios
                name="pago"
                label={t('marketplace.buy.payment')}
                hint={t('marketplace.buy.paymentHint')}
                value={f.pago ?? 'online'}
                error={props.errors.pago}
                options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`marketplace.payment.${m}`) }))}
              />
            ) : null}
            <Button type="submit">{t('marketplace.buy.review')}</Button>
          </Form>
          <h2>{t('marketplace.cart.add')}</h2>
          <Form action={`/mercado/productos/${p.id}/carrito`}>
            <FormKey value={f.clave} />
            <TextField name="unidades" label={t('marketplace.cart.addQuantity')} value={f.unidades ?? '1'} error={props.errors.unidades} inputmode="numeric" width="4" />
            <Button type="submit" variant="secondary">
              {t('marketplace.cart.add')}
            </Button>
          </Form>
          <p>
            <a href="/mercado/carrito">{t('marketplace.cart.link')}</a>
          </p>
        </>
      ) : null}
    </>
  );
}

/** Where parcels by post go: the destination post office and the address (the product's form and the cart's). */
export function DestinationFields(props: { offices: Office[]; form: { oficina?: string; direccion?: string }; errors: Record<string, string> }) {
  const { t } = useView();
  return (
    <>
      <Select
        name="oficina"
        label={t('marketplace.buy.office')}
        hint={t('marketplace.buy.officeHint')}
        value={props.form.oficina}
        error={props.errors.oficina}
        placeholder={t('marketplace.buy.choose')}
        options={props.offices.map((o) => ({ value: o.code, label: o.name }))}
      />
      <TextField name="direccion" label={t('marketplace.buy.address')} value={props.form.direccion} error={props.errors.direccion} autocomplete="street-address" />
    </>
  );
}

/** The order before it is placed: everything the buyer pays, delivery included. */
export function ConfirmPage(props: { product: Product; form: BuyForm; parcel: Parcel }) {
  const { t } = useView();
  const p = props.product;
  const f = props.form;
  return (
    <>
      <h1>{t('marketplace.confirm.heading')}</h1>
      <ParcelSummary parcel={props.parcel} currency={p.currency} />
      <SellerFacts seller={props.parcel.seller} />
      <Form action={`/mercado/productos/${p.id}/comprar`}>
        <FormKey value={f.clave} />
        {(['cantidad', 'entrega', 'oficina', 'direccion', 'pago'] as const).map((name) => (
          <input key={name} type="hidden" name={name} value={f[name] ?? ''} />
        ))}
        <input type="hidden" name="confirmar" value="1" />
        <Button type="submit">{props.parcel.paymentMethod === 'cash_on_delivery' ? t('marketplace.confirm.submitCashOnDelivery') : t('marketplace.confirm.submit')}</Button>
      </Form>
    </>
  );
}

/** What one parcel costs before it is ordered: its lines, the products, delivery, the final price and how it is paid. */
export function ParcelSummary(props: { parcel: Parcel; currency: string; totalId?: string }) {
  const { t } = useView();
  const money = useMoney();
  const { parcel, currency } = props;
  return (
    <SummaryList
      rows={[
        { key: t('marketplace.confirm.product'), value: parcel.lines.map((l) => `${l.product.name} × ${l.quantity}`).join(', ') },
        { key: t('marketplace.confirm.products'), value: money(parcel.price.productsMinor, currency) },
        {
          key: t('marketplace.confirm.delivery'),
          value: `${t(`marketplace.delivery.${parcel.delivery}`)}${parcel.office ? ` (${parcel.office.name})` : ''}: ${money(parcel.price.deliveryMinor, currency)}`,
        },
        { key: t('marketplace.confirm.total'), value: <strong id={props.totalId ?? 'total'}>{money(parcel.price.totalMinor, currency)}</strong> },
        { key: t('marketplace.buy.payment'), value: t(`marketplace.payment.${parcel.paymentMethod}`) },
      ]}
    />
  );
}

export function ShopPage(props: { seller: Seller; products: Product[]; rating: { count: number; average: number | null }; photos?: Map<string, ProductPhoto[]> }) {
  const { t, format } = useView();
  const money = useMoney();
  return (
    <>
      <h1>{props.seller.name}</h1>
      {props.seller.description ? <p>{props.seller.description}</p> : null}
      <SellerFacts seller={props.seller} />
      <p id="valoracion">
        {props.rating.average === null
          ? t('marketplace.shop.noRatings')
          : t('marketplace.shop.rating', { average: format.number(props.rating.average, { maximumFractionDigits: 1 }), count: props.rating.count })}
      </p>
      <h2>{t('marketplace.shop.products')}</h2>
      <ul class="list">
        {props.products.map((p) => (
          <li key={p.id}>
            <PhotoGallery product={p} photos={props.photos?.get(p.id) ?? []} first />
            <a href={`/mercado/productos/${p.id}`}>{p.name}</a> — {money(p.priceMinor, p.currency)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The columns of a table of orders (the buyer's and the seller's). */
export const orderColumns = (t: (key: string) => string) => [
  { label: t('marketplace.confirm.product') },
  { label: t('marketplace.orders.date') },
  { label: t('marketplace.confirm.total'), numeric: true },
  { label: t('marketplace.orders.status') },
];

export function OrdersPage(props: { purchases: Purchase[]; deadlines: Map<string, Date | undefined>; errors: Record<string, string>; form: Record<string, string>; done?: string }) {
  const { t, format } = useView();
  const money = useMoney();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('marketplace.orders.heading')}</h1>
      <DoneNotice done={props.done} />
      {props.purchases.length === 0 ? <p>{t('marketplace.orders.none')}</p> : null}
      {props.purchases.length > 0 ? (
        <Table
          caption={t('marketplace.orders.heading')}
          captionHidden
          columns={orderColumns(t)}
          rows={props.purchases.map((o) => [
            o.summary,
            format.date(o.createdAt),
            money(o.totalMinor, o.currency),
            <>
              {t(`marketplace.status.${o.status}`)}
              {o.paymentMethod === 'cash_on_delivery' ? ` (${t('marketplace.payment.cash_on_delivery')})` : null}
              {o.status === 'awaiting_payment' && o.paymentCode ? (
                <>
                  {' '}
                  <a href={`/pagos/${o.paymentCode}`}>{t('marketplace.orders.pay')}</a>
                </>
              ) : null}
              {o.shipmentNumber ? (
                <>
                  {' '}
                  <a href={`/envios/${o.shipmentNumber}`}>{o.shipmentNumber}</a>
                </>
              ) : null}
              {o.settledAt ? ` · ${t('marketplace.orders.settled')}` : null}
              {o.stars !== null ? ` · ${t('marketplace.orders.rated', { stars: o.stars })}` : null}
              {o.disputeCode ? (
                <>
                  {' · '}
                  {t('marketplace.dispute.case')} <a href={`/mis-tramites/${o.disputeCode}`}>{o.disputeCode}</a>
                </>
              ) : ['paid', 'shipped', 'delivered', 'returned', 'withdrawn'].includes(o.status) ? (
                <>
                  {' · '}
                  <a href={`/mercado/pedidos/${o.id}/reclamo`}>{t('marketplace.dispute.open')}</a>
                </>
              ) : null}
              {o.returnNumber ? (
                <>
                  {' · '}
                  {t('marketplace.withdraw.return')} <a href={`/envios/${o.returnNumber}`}>{o.returnNumber}</a>
                </>
              ) : null}
            </>,
          ])}
        />
      ) : null}
      {props.purchases
        .filter((o) => o.status === 'delivered' && o.stars === null)
        .map((o) => (
          <section key={o.id}>
            <h2>{t('marketplace.rate.heading', { product: o.summary })}</h2>
            <Form action={`/mercado/pedidos/${o.id}/valoracion`}>
              <Radios
                name="estrellas"
                inline
                label={t('marketplace.rate.stars')}
                value={props.form.pedido === o.id ? props.form.estrellas : undefined}
                error={props.form.pedido === o.id ? props.errors.estrellas : undefined}
                options={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n }))}
              />
              <TextArea
                name="comentario"
                label={t('marketplace.rate.comment')}
                optional
                value={props.form.pedido === o.id ? props.form.comentario : ''}
                error={props.form.pedido === o.id ? props.errors.comentario : undefined}
              />
              <Button type="submit">{t('marketplace.rate.submit')}</Button>
            </Form>
          </section>
        ))}
      {props.purchases
        .filter((o) => o.status === 'delivered')
        .map((o) => (
          <Withdrawal
            key={`w-${o.id}`}
            purchase={o}
            deadline={props.deadlines.get(o.id)}
            form={props.form.pedido === o.id ? props.form : undefined}
            error={props.form.pedido === o.id ? props.errors.motivo : undefined}
          />
        ))}
    </>
  );
}

/** The withdrawal of a delivered order: the deadline, and the form while it runs (or when it was refused). */
function Withdrawal(props: { purchase: Purchase; deadline: Date | undefined; form?: Record<string, string>; error?: string }) {
  const { t, format } = useView();
  const { purchase: o, deadline } = props;
  if (!deadline) return null;
  const open = Date.now() <= deadline.getTime();
  return (
    <section>
      <h2>{t('marketplace.withdraw.heading', { product: o.summary })}</h2>
      <p>{t(open ? 'marketplace.withdraw.until' : 'marketplace.withdraw.closed', { deadline: format.dateTime(deadline) })}</p>
      {open || props.error ? (
        <Form action={`/mercado/pedidos/${o.id}/desistimiento`}>
          <TextArea name="motivo" label={t('marketplace.withdraw.reason')} hint={t('marketplace.withdraw.hint')} optional value={props.form?.motivo ?? ''} error={props.error} />
          <Button type="submit">{t('marketplace.withdraw.submit')}</Button>
        </Form>
      ) : null}
    </section>
  );
}
