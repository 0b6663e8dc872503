// What never changes about an order once created (its id, code, payee, payer, case, amount,
// currency, expiry), kept per process and database for the orders this process created, opened
// a checkout for or read: a notification paying such an order is applied in one statement, with
// no read first. Only immutable facts are kept, so nothing needs invalidating; the order's
// state is never taken from here (the database decides it: docs/payments.md, the state machine).
import type { PaymentOrder } from './payments.types.ts';

export type OrderFacts = Pick<PaymentOrder, 'id' | 'code' | 'payeeAgency' | 'payerAccountId' | 'caseId' | 'procedureId' | 'amountMinor' | 'currency' | 'expiresAt'>;

/** Orders kept per database (the oldest remembered is forgotten first). */
const MAX_ORDERS = 20_000;
const known = new WeakMap<object, Map<string, OrderFacts>>();

export function rememberOrder(db: object, order: OrderFacts): void {
  const orders = known.get(db) ?? new Map<string, OrderFacts>();
  known.set(db, orders);
  if (orders.has(order.code)) return;
  if (orders.size >= MAX_ORDERS) orders.delete(orders.keys().next().value!);
  const { id, code, payeeAgency, payerAccountId, caseId, procedureId, amountMinor, currency, expiresAt } = order;
  orders.set(code, { id, code, payeeAgency, payerAccountId, caseId, procedureId, amountMinor, currency, expiresAt });
}

export const knownOrder = (db: object, code: string): OrderFacts | undefined => known.get(db)?.get(code);
