// Pages of the marketplace under /mercado: the search (public), a product and its order form,
// a seller's shop (public), the buyer's orders, the seller's application and shop management,
// and the administrator's queue. Plain POST forms with CSRF and a form key; no JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { toMinorUnits } from '../../../shared/money.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { registerCartPages } from './cart.tsx';
import * as m from '../marketplace.service.ts';
import { photosByProduct } from '../photos.service.ts';
import { sellerOrder, sellerOrders } from '../seller-orders.service.ts';
import { payeeOf } from '../cod-settlement.service.ts';
import { owedTo } from '../../postal/index.ts';
import { DisputePage } from '../views/dispute.views.tsx';
import { SellerOrderPage, SellerOrdersPage } from '../views/seller-orders.views.tsx';
import { deadlineOf } from '../withdrawal.service.ts';
import { CATEGORIES, type DeliveryOption, SELLER_KINDS, type SellerKind } from '../marketplace.types.ts';
import { AdminPage, ManagePage, SellPage } from '../views/seller.views.tsx';
import { type BuyForm, ConfirmPage, OrdersPage, ProductPage, SearchPage, ShopPage } from '../views/shop.views.tsx';

const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });
const text = Type.Optional(Type.String({ maxLength: 2000 }));
const list = Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })]));
const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const DONE = ['applied', 'listed', 'approved', 'rejected', 'rated', 'withdrawn', 'handedOver', 'disputed', 'added', 'changed', 'removed', 'placed'];
/** Errors of a use case shown on a form field (the rest are pages of their own). */
const ON_FIELD: Record<string, { field: string; key: string }> = {
  MARKETPLACE_ALREADY_APPLIED: { field: 'como', key: 'marketplace.errors.alreadyApplied' },
  MARKETPLACE_OUT_OF_STOCK: { field: 'cantidad', key: 'marketplace.errors.outOfStock' },
  MARKETPLACE_ALREADY_RATED: { field: 'estrellas', key: 'marketplace.errors.alreadyRated' },
  MARKETPLACE_WITHDRAWAL_CLOSED: { field: 'motivo', key: 'marketplace.errors.withdrawalClosed' },
  MARKETPLACE_ALREADY_WITHDRAWN: { field: 'motivo', key: 'marketplace.errors.alreadyWithdrawn' },
  MARKETPLACE_ALREADY_DISPUTED: { field: 'motivo_reclamo', key: 'marketplace.errors.alreadyDisputed' },
  MARKETPLACE_ALREADY_REFUNDED: { field: 'motivo_reclamo', key: 'marketplace.errors.alreadyRefunded' },
  MARKETPLACE_ALREADY_HANDED_OVER: { field: 'entregado', key: 'marketplace.errors.alreadyHandedOver' },
  MARKETPLACE_NOT_PAID: { field: 'entregado', key: 'marketplace.errors.notPaid' },
  MARKETPLACE_NOT_PICKUP: { field: 'entregado', key: 'marketplace.errors.notPickup' },
  PAYMENTS_PAYEE_NOT_CONFIGURED: { field: 'cantidad', key: 'marketplace.errors.notPayable' },
};

export function registerMarketplacePages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withFront = true) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withFront ? [{ href: '/mercado', label: request.t('marketplace.nav') }] : []),
  ];
  /** Field errors of a failed use case, in the person's language; undefined when it is not one the form shows. */
  const errorsOf = (request: FastifyRequest, error: unknown): Record<string, string> | undefined => {
    if (!isAppError(error)) return undefined;
    if (error.code === 'VALIDATION_FAILED' || error.fields.length > 0) return Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
    const on = ON_FIELD[error.code];
    return on ? { [on.field]: request.t(on.key) } : undefined;
  };
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.JSX.Element, errors?: Record<string, string>) => {
    const failed = Object.keys(errors ?? {}).length > 0;
    return reply.page({ status: failed ? 422 : 200, title: `${failed ? `${request.t('marketplace.errorPrefix')} ` : ''}${title}`, breadcrumbs: crumbs(request), body });
  };
  const regionOptions = async () => (await m.regions(deps)).map((t) => ({ value: t.code, label: t.name }));

  app.get(
    '/mercado',
    { schema: { querystring: Type.Object({ texto: Type.Optional(Type.String({ maxLength: 100 })), categoria: text, territorio: Type.Optional(Type.String({ maxLength: 40 })), vendedor: text }) } },
    async (request, reply) => {
      const f = request.query;
      const filter = {
        text: f.texto?.trim() || undefined,
        category: (CATEGORIES as readonly string[]).includes(f.categoria ?? '') ? f.categoria : undefined,
        territory: f.territorio || undefined,
        sellerKind: (SELLER_KINDS as readonly string[]).includes(f.vendedor ?? '') ? (f.vendedor as SellerKind) : undefined,
      };
      const body = <SearchPage filter={f as Record<string, string>} territories={await regionOptions()} products={await m.searchProducts(deps, filter)} />;
      return reply.page({ title: request.t('marketplace.search.heading'), breadcrumbs: crumbs(request, false), body });
    },
  );

  const productPage = async (request: FastifyRequest, reply: FastifyReply, id: string, form: BuyForm = {}, errors: Record<string, string> = {}) => {
    const { product, seller } = await m.productPage(deps, id);
    const names = new Map((await regionOptions()).map((o) => [o.value, o.label]));
    const body = (
      <ProductPage
        product={product}
        seller={seller}
        photos={(await photosByProduct(deps, [product.id])).get(product.id)}
        offices={await m.offices(deps)}
        form={form}
        errors={errors}
        territoryNames={product.territories.map((c) => names.get(c) ?? c)}
        cashOnDelivery={deps.country.cashOnDelivery === true}
      />
    );
    return page(request, reply, product.name, body, errors);
  };
  app.get('/mercado/productos/:id', { schema: { params: Id } }, async (request, reply) => productPage(request, reply, request.params.id));

  const BuyBody = Type.Object({ cantidad: text, entrega: text, oficina: text, direccion: text, pago: text, confirmar: text, clave: text });
  app.post('/mercado/productos/:id/comprar', { schema: { params: Id, body: BuyBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    const input = { quantity: b.cantidad ?? '', delivery: b.entrega ?? '', office: b.oficina ?? '', address: b.direccion ?? '', payment: b.pago || undefined };
    const form: BuyForm = { cantidad: b.cantidad, entrega: b.entrega, oficina: b.oficina, direccion: b.direccion, pago: b.pago, clave: b.clave };
    try {
      if (b.confirmar !== '1') {
        const review = await m.reviewPurchase(deps, account, request.params.id, input);
        return page(request, reply, request.t('marketplace.confirm.heading'), <ConfirmPage {...review} form={form} />);
      }
      const placed = await onceByKey(formClaim(`marketplace.buy:${account.id}:${request.params.id}`, b), (claim) => m.buy(deps, account, request.params.id, input, request.id, claim));
      // A replay of the same form was placed by its first post: the orders list shows it.
      // Cash on delivery has nothing to pay now: the orders list shows the parcel.
      return reply.redirect(placed?.paymentCode ? `/pagos/${placed.paymentCode}` : '/mercado/pedidos', 303);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return productPage(request, reply, request.params.id, form, errors);
    }
  });

  registerCartPages(app, deps, { page, errorsOf, productPage });

  app.get('/mercado/tiendas/:id', { schema: { params: Id } }, async (request, reply) => {
    const found = await m.shop(deps, request.params.id);
    const photos = await photosByProduct(
      deps,
      found.products.map((p) => p.id),
    );
    return page(request, reply, found.seller.name, <ShopPage {...found} photos={photos} />);
  });

  /** From Emprendedores: the unit's shop, or the application to open one. */
  app.get('/mercado/unidades/:id', { schema: { params: Id } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const seller = (await m.sellersOf(deps, account)).find((s) => s.unitKey === request.params.id && s.status === 'approved');
    return reply.redirect(seller ? `/mercado/tiendas/${seller.id}` : '/mercado/vender', 303);
  });

  const orders = async (request: FastifyRequest, reply: FastifyReply, form: Record<string, string> = {}, errors: Record<string, string> = {}, done?: string) => {
    const { account } = requireSignedIn(request);
    const purchases = await m.purchasesOf(deps, account);
    const deadlines = new Map(purchases.map((o) => [o.id, deadlineOf(deps, o)]));
    return page(request, reply, request.t('marketplace.orders.heading'), <OrdersPage purchases={purchases} deadlines={deadlines} form={form} errors={errors} done={done} />, errors);
  };
  app.get('/mercado/pedidos', { schema: { querystring: Type.Object({ hecho: text }) } }, async (request, reply) =>
    orders(request, reply, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );
  app.post('/mercado/pedidos/:id/valoracion', { schema: { params: Id, body: Type.Object({ estrellas: text, comentario: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    try {
      await m.rateSeller(deps, account, request.params.id, { stars: b.estrellas ?? '', comment: b.comentario ?? '' }, request.id);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return orders(request, reply, { pedido: request.params.id, estrellas: b.estrellas ?? '', comentario: b.comentario ?? '' }, errors);
    }
    return reply.redirect('/mercado/pedidos?hecho=rated', 303);
  });
  const disputePage = async (request: FastifyRequest, reply: FastifyReply, id: string, form: Record<string, string> = {}, errors: Record<string, string> = {}) => {
    const { account } = requireSignedIn(request);
    const purchase = (await m.purchasesOf(deps, account)).find((o) => o.id === id);
    if (!purchase) throw new AppError('MARKETPLACE_ORDER_NOT_FOUND');
    return page(request, reply, request.t('marketplace.dispute.heading', { product: purchase.summary }), <DisputePage purchase={purchase} form={form} errors={errors} />, errors);
  };
  app.get('/mercado/pedidos/:id/reclamo', { schema: { params: Id } }, async (request, reply) => disputePage(request, reply, request.params.id));
  app.post('/mercado/pedidos/:id/reclamo', { schema: { params: Id, body: Type.Object({ motivo_reclamo: text, detalle: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const form = { motivo_reclamo: request.body.motivo_reclamo ?? '', detalle: request.body.detalle ?? '' };
    try {
      await m.disputePurchase(deps, account, request.params.id, { kind: form.motivo_reclamo, detail: form.detalle }, request.id);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return disputePage(request, reply, request.params.id, form, errors);
    }
    return reply.redirect('/mercado/pedidos?hecho=disputed', 303);
  });
  app.post('/mercado/pedidos/:id/desistimiento', { schema: { params: Id, body: Type.Object({ motivo: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const reason = request.body.motivo ?? '';
    try {
      await m.withdrawPurchase(deps, account, request.params.id, { reason }, request.id);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return orders(request, reply, { pedido: request.params.id, motivo: reason }, errors);
    }
    return reply.redirect('/mercado/pedidos?hecho=withdrawn', 303);
  });

  const sell = async (request: FastifyRequest, reply: FastifyReply, form: Record<string, string> = {}, errors: Record<string, string> = {}, done?: string) => {
    const { account } = requireSignedIn(request);
    const [sellers, units, offices] = await Promise.all([m.sellersOf(deps, account), m.unitChoices(deps, account), m.offices(deps)]);
    const prefilled = { direccion: account.address ?? '', ...form };
    const body = <SellPage sellers={sellers} units={units} offices={offices} form={prefilled} errors={errors} levelOk={account.level === 'sustancial'} done={done} />;
    return page(request, reply, request.t('marketplace.sell.heading'), body, errors);
  };
  app.get('/mercado/vender', { schema: { querystring: Type.Object({ hecho: text }) } }, async (request, reply) =>
    sell(request, reply, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );
  app.post('/mercado/vender', { schema: { body: Type.Object({ como: text, oficina: text, direccion: text, descripcion: text, clave: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    try {
      await onceByKey(formClaim(`marketplace.apply:${account.id}`, b), (claim) =>
        m.applyToSell(deps, account, { as: b.como ?? '', originOffice: b.oficina ?? '', address: b.direccion ?? '', description: b.descripcion ?? '' }, request.id, claim),
      );
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return sell(request, reply, b as Record<string, string>, errors);
    }
    return reply.redirect('/mercado/vender?hecho=applied', 303);
  });

  const manage = async (request: FastifyRequest, reply: FastifyReply, id: string, form: Record<string, string | string[]> = {}, errors: Record<string, string> = {}, done?: string) => {
    const { account } = requireSignedIn(request);
    const seller = await m.ownSeller(deps, account, id);
    const { products } = seller.status === 'approved' ? await m.shop(deps, seller.id) : { products: [] };
    const body = <ManagePage seller={seller} products={products} territories={await regionOptions()} form={form} errors={errors} done={done} />;
    return page(request, reply, seller.name, body, errors);
  };
  app.get('/mercado/vender/:id', { schema: { params: Id, querystring: Type.Object({ hecho: text }) } }, async (request, reply) =>
    manage(request, reply, request.params.id, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );
  const ProductBody = Type.Object({ nombre: text, descripcion: text, categoria: text, precio: text, existencias: text, entrega: list, territorios: list, clave: text });
  app.post('/mercado/vender/:id/productos', { schema: { params: Id, body: ProductBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    try {
      await onceByKey(formClaim(`marketplace.product:${account.id}:${request.params.id}`, b), (claim) =>
        m.addProduct(
          deps,
          account,
          request.params.id,
          {
            name: b.nombre ?? '',
            description: b.descripcion ?? '',
            category: b.categoria ?? '',
            priceMinor: toMinorUnits(b.precio ?? ''),
            stock: b.existencias ?? '',
            delivery: asList(b.entrega) as DeliveryOption[],
            territories: asList(b.territorios),
          },
          request.id,
          claim,
        ),
      );
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return manage(request, reply, request.params.id, b as Record<string, string | string[]>, errors);
    }
    return reply.redirect(`/mercado/vender/${request.params.id}?hecho=listed`, 303);
  });

  app.get('/mercado/vender/:id/pedidos', { schema: { params: Id } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const seller = await m.ownSeller(deps, account, request.params.id);
    return page(
      request,
      reply,
      request.t('marketplace.sellerOrders.heading'),
      <SellerOrdersPage seller={seller} purchases={await sellerOrders(deps, seller)} owed={await owedTo(deps, payeeOf(seller))} />,
    );
  });
  const OrderParams = Type.Object({ id: Type.String({ maxLength: 40 }), pedido: Type.String({ maxLength: 40 }) });
  const sellerOrderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { id: string; pedido: string },
    form: Record<string, string> = {},
    errors: Record<string, string> = {},
    done?: string,
  ) => {
    const { account } = requireSignedIn(request);
    const seller = await m.ownSeller(deps, account, params.id);
    const found = await sellerOrder(deps, seller, params.pedido);
    return page(
      request,
      reply,
      request.t('marketplace.sellerOrders.order', { product: found.purchase.summary }),
      <SellerOrderPage seller={seller} {...found} form={form} errors={errors} done={done} />,
      errors,
    );
  };
  app.get('/mercado/vender/:id/pedidos/:pedido', { schema: { params: OrderParams, querystring: Type.Object({ hecho: text }) } }, async (request, reply) =>
    sellerOrderPage(request, reply, request.params, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );
  app.post('/mercado/vender/:id/pedidos/:pedido/entrega', { schema: { params: OrderParams, body: Type.Object({ entregado: list }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const confirmed = asList(request.body.entregado).includes('1');
    try {
      await m.handOverPurchase(deps, account, request.params.id, request.params.pedido, confirmed, request.id);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return sellerOrderPage(request, reply, request.params, confirmed ? { entregado: '1' } : {}, errors);
    }
    return reply.redirect(`/mercado/vender/${request.params.id}/pedidos/${request.params.pedido}?hecho=handedOver`, 303);
  });

  app.get('/mercado/admin', { schema: { querystring: Type.Object({ hecho: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const done = DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined;
    return page(request, reply, request.t('marketplace.admin.heading'), <AdminPage pending={await m.pendingSellers(deps, account)} done={done} />);
  });
  app.post('/mercado/admin/:id', { schema: { params: Id, body: Type.Object({ decision: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const seller = await m.decideSeller(deps, account, request.params.id, request.body.decision === 'approve', request.id);
    return reply.redirect(`/mercado/admin?hecho=${seller.status === 'approved' ? 'approved' : 'rejected'}`, 303);
  });
}
