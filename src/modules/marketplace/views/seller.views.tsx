// The seller's pages: the application to sell (as herself or as a unit she represents), her shops
// with the form to list a product, and the administrator's queue of applications with what the
// registry says of each. Plain forms, no JavaScript.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ButtonGroup, Checkboxes, ErrorSummary, Form, Radios, Select, SummaryList, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Office } from '../../agencies/index.ts';
import { CATEGORIES, DELIVERY_OPTIONS, type Product, type Seller, type SellerKind } from '../marketplace.types.ts';
import { DoneNotice, type Option, useMoney } from './shop.views.tsx';

export interface SellPageProps {
  sellers: Seller[];
  units: Array<{ key: string; name: string; kind: SellerKind }>;
  offices: Office[];
  form: Record<string, string>;
  errors: Record<string, string>;
  levelOk: boolean;
  done?: string;
}

export function SellPage(props: SellPageProps) {
  const { t } = useView();
  const f = props.form;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('marketplace.sell.heading')}</h1>
      <DoneNotice done={props.done} />
      {props.sellers.length > 0 ? (
        <>
          <h2>{t('marketplace.sell.yourShops')}</h2>
          <ul class="list" id="tiendas">
            {props.sellers.map((s) => (
              <li key={s.id}>
                {s.status === 'approved' ? <a href={`/mercado/vender/${s.id}`}>{s.name}</a> : s.name} — {t(`marketplace.sellerStatus.${s.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('marketplace.sell.apply')}</h2>
      {props.levelOk ? (
        <Form action="/mercado/vender">
          <FormKey value={f.clave} />
          <Radios
            name="como"
            label={t('marketplace.sell.as')}
            value={f.como ?? 'self'}
            error={props.errors.como}
            options={[{ value: 'self', label: t('marketplace.sell.asSelf') }, ...props.units.map((u) => ({ value: u.key, label: `${u.name} (${t(`marketplace.kind.${u.kind}`)})` }))]}
          />
          <TextField name="direccion" label={t('marketplace.sell.address')} hint={t('marketplace.sell.addressHint')} value={f.direccion} error={props.errors.direccion} autocomplete="street-address" />
          <Select
            name="oficina"
            label={t('marketplace.sell.office')}
            value={f.oficina}
            error={props.errors.oficina}
            placeholder={t('marketplace.buy.choose')}
            options={props.offices.map((o) => ({ value: o.code, label: o.name }))}
          />
          <TextArea name="descripcion" label={t('marketplace.sell.description')} optional value={f.descripcion} error={props.errors.descripcion} />
          <Button type="submit">{t('marketplace.sell.submit')}</Button>
        </Form>
      ) : (
        <p>{t('marketplace.sell.levelTooLow')}</p>
      )}
    </>
  );
}

export function ManagePage(props: { seller: Seller; products: Product[]; territories: Option[]; form: Record<string, string | string[]>; errors: Record<string, string>; done?: string }) {
  const { t } = useView();
  const money = useMoney();
  const f = props.form;
  const one = (name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
  const many = (name: string) => (Array.isArray(f[name]) ? (f[name] as string[]) : typeof f[name] === 'string' ? [f[name] as string] : undefined);
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{props.seller.name}</h1>
      <DoneNotice done={props.done} />
      <p>
        <a href={`/mercado/tiendas/${props.seller.id}`}>{t('marketplace.manage.publicShop')}</a>
        {' · '}
        <a href={`/mercado/vender/${props.seller.id}/pedidos`}>{t('marketplace.sellerOrders.heading')}</a>
      </p>
      <h2>{t('marketplace.shop.products')}</h2>
      <ul class="list">
        {props.products.map((p) => (
          <li key={p.id}>
            <a href={`/mercado/productos/${p.id}`}>{p.name}</a> — {money(p.priceMinor, p.currency)} · {t('marketplace.manage.inStock', { count: p.stock })} ·{' '}
            <a href={`/mercado/vender/${props.seller.id}/productos/${p.id}/fotos`}>{t('marketplace.photos.link')}</a>
          </li>
        ))}
      </ul>
      <h2>{t('marketplace.manage.add')}</h2>
      <Form action={`/mercado/vender/${props.seller.id}/productos`}>
        <FormKey value={one('clave')} />
        <TextField name="nombre" label={t('marketplace.field.name')} value={one('nombre')} error={props.errors.nombre} />
        <TextArea name="descripcion" label={t('marketplace.field.description')} value={one('descripcion')} error={props.errors.descripcion} />
        <Select
          name="categoria"
          label={t('marketplace.field.category')}
          value={one('categoria')}
          error={props.errors.categoria}
          placeholder={t('marketplace.buy.choose')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`marketplace.category.${c}`) }))}
        />
        <TextField name="precio" label={t('marketplace.field.price')} hint={t('marketplace.manage.priceHint')} value={one('precio')} error={props.errors.precio} inputmode="decimal" width="10" />
        <TextField name="existencias" label={t('marketplace.field.stock')} value={one('existencias')} error={props.errors.existencias} inputmode="numeric" width="5" />
        <Checkboxes
          name="entrega"
          label={t('marketplace.field.delivery')}
          values={many('entrega')}
          error={props.errors.entrega}
          options={DELIVERY_OPTIONS.map((d) => ({ value: d, label: t(`marketplace.delivery.${d}`) }))}
        />
        <Checkboxes name="territorios" label={t('marketplace.field.territories')} values={many('territorios')} error={props.errors.territorios} options={props.territories} />
        <Button type="submit">{t('marketplace.manage.submit')}</Button>
      </Form>
    </>
  );
}

export function AdminPage(props: { pending: Seller[]; done?: string }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('marketplace.admin.heading')}</h1>
      <DoneNotice done={props.done} />
      {props.pending.length === 0 ? <p>{t('marketplace.admin.none')}</p> : null}
      {props.pending.map((s) => (
        <section key={s.id}>
          <h2>{s.name}</h2>
          <SummaryList
            rows={[
              { key: t('marketplace.seller.kind'), value: t(`marketplace.kind.${s.kind}`) },
              { key: t('marketplace.seller.address'), value: s.address },
              { key: t('marketplace.admin.territory'), value: s.territoryCode },
              ...Object.entries(s.registryEntry).map(([key, value]) => ({ key: t('marketplace.admin.registryField', { field: key }), value: Array.isArray(value) ? value.join(', ') : String(value) })),
            ]}
          />
          <Form action={`/mercado/admin/${s.id}`}>
            <ButtonGroup>
              <Button type="submit" name="decision" value="approve">
                {t('marketplace.admin.approve')}
              </Button>
              <Button type="submit" name="decision" value="reject" variant="warning">
                {t('marketplace.admin.reject')}
              </Button>
            </ButtonGroup>
          </Form>
        </section>
      ))}
    </>
  );
}
