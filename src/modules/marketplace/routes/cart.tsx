// The cart's pages under /mercado/carrito (docs/marketplace.md, "Buying"): add from a product's
// page, change a quantity, remove a line, and the checkout (the final prices first, then one order
// per seller). Plain POST forms with CSRF and a form key; a person not signed in is sent to sign in and back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SIGN_IN_PATH } from '../../../platform/http/error-handler.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { addToCart, cartOf, changeCartLine, checkout, removeCartLine, reviewCart } from '../cart.service.ts';
import * as m from '../marketplace.service.ts';
import { CartConfirmPage, CartPage } from '../views/cart.views.tsx';
import type { BuyForm } from '../views/shop.views.tsx';

const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });
const text = Type.Optional(Type.String({ maxLength: 2000 }));
/** The cart's forms: their field names carry a product's or a seller's id. */
const Fields = Type.Record(Type.String({ maxLength: 60 }), Type.String({ maxLength: 2000 }), { maxProperties: 300 });
const DONE = ['added', 'changed', 'removed'];

export interface PageTools {
  page: (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.JSX.Element, errors?: Record<string, string>) => unknown;
  errorsOf: (request: FastifyRequest, error: unknown) => Record<string, string> | undefined;
  productPage: (request: FastifyRequest, reply: FastifyReply, id: string, form?: BuyForm, errors?: Record<string, string>) => unknown;
}

export function registerCartPages(app: TamboApp, deps: Deps, { page, errorsOf, productPage }: PageTools): void {
  const cartPage = async (request: FastifyRequest, reply: FastifyReply, form: Record<string, string> = {}, errors: Record<string, string> = {}, done?: string) => {
    const { account } = requireSignedIn(request);
    const body = (
      <CartPage
        groups={await cartOf(deps, account)}
        offices={await m.offices(deps)}
        form={form}
        errors={errors}
        cashOnDelivery={deps.country.cashOnDelivery === true}
        currency={deps.country.currency}
        done={done}
      />
    );
    return page(request, reply, request.t('marketplace.cart.heading'), body, errors);
  };

  app.get('/mercado/carrito', { schema: { querystring: Type.Object({ hecho: text }) } }, async (request, reply) =>
    cartPage(request, reply, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );

  app.post('/mercado/productos/:id/carrito', { schema: { params: Id, body: Type.Object({ unidades: text, clave: text }) } }, async (request, reply) => {
    // Not signed in: to sign in, and back to the product.
    if (!request.current) return reply.redirect(`${SIGN_IN_PATH}?volver=${encodeURIComponent(`/mercado/productos/${request.params.id}`)}`, 303);
    const { account } = request.current;
    const b = request.body;
    try {
      await onceByKey(formClaim(`marketplace.cart:${account.id}:${request.params.id}`, b), (claim) => addToCart(deps, account, request.params.id, b.unidades ?? '', request.id, claim));
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return productPage(request, reply, request.params.id, { unidades: b.unidades, clave: b.clave }, errors);
    }
    return reply.redirect('/mercado/carrito?hecho=added', 303);
  });

  app.post('/mercado/carrito/:id', { schema: { params: Id, body: Fields } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const field = `cantidad-${request.params.id}`;
    try {
      await changeCartLine(deps, account, request.params.id, request.body[field] ?? '', request.id);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return cartPage(request, reply, { [field]: request.body[field] ?? '' }, errors);
    }
    return reply.redirect('/mercado/carrito?hecho=changed', 303);
  });

  app.post('/mercado/carrito/:id/quitar', { schema: { params: Id } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await removeCartLine(deps, account, request.params.id, request.id);
    return reply.redirect('/mercado/carrito?hecho=removed', 303);
  });

  app.post('/mercado/carrito/pedido', { schema: { body: Fields } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const form = request.body;
    try {
      if (form.confirmar !== '1') {
        const parcels = await reviewCart(deps, account, form);
        return page(request, reply, request.t('marketplace.confirm.heading'), <CartConfirmPage parcels={parcels} form={form} currency={deps.country.currency} />);
      }
      const placed = await onceByKey(formClaim(`marketplace.checkout:${account.id}`, form), (claim) => checkout(deps, account, form, request.id, claim));
      // One order to pay: its payment page. Several: her orders, each with its link to pay.
      // A replay of the same form was placed by its first post: the orders list shows them.
      const toPay = (placed ?? []).filter((o) => o.paymentCode);
      if (placed && placed.length === 1 && toPay.length === 1) return reply.redirect(`/pagos/${toPay[0]!.paymentCode}`, 303);
      return reply.redirect(placed && toPay.length > 0 ? '/mercado/pedidos?hecho=placed' : '/mercado/pedidos', 303);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      const kept = Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith('cantidad-') || errors[name] !== undefined));
      return cartPage(request, reply, kept, errors);
    }
  });
}
