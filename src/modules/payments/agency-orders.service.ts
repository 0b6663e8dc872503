// The agency's side of payments (docs/payments.md, "The agency's orders"): its officials list
// the agency's orders (by status, procedure and date), ask for a refund with a reason (once per
// order), and set the fee of cases whose procedure leaves the amount to the official. An
// official sees only the orders of the agencies they hold a role in.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { notifyAccount, notifyUnit } from '../mailbox/index.ts';
import {
  type FeeRequest,
  findFeeRequest,
  findOrderByCode,
  insertFeeRequestAudited,
  listOpenFeeRequests,
  listOrdersOfPayee,
  listProceduresOfPayee,
  type PayeeOrderFilter,
  setFeeRequestOrder,
} from './payments.queries.ts';
import { createOrder, refundOrder } from './payments.service.ts';
import { toMinorUnits } from '../../shared/money.ts';
import type { PaymentOrder } from './payments.types.ts';
import { isPrivatePayee } from './payees.service.ts';
import { reconcilingAgencies, reconcilingPayees } from './reconciliation.service.ts';

export type { FeeRequest, PayeeOrderFilter };

/** An amount for a message, e.g. "BOB 40,00". */
export function money(deps: Pick<Deps, 'country'>, minor: number, currency: string): string {
  return createFormatter(DEFAULT_LOCALE, { region: deps.country.code.toUpperCase(), timeZone: deps.country.timeZone }).number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

/** The agencies whose orders the account may see (those it holds a role in). */
export const officialAgencies = reconcilingAgencies;

/** The person: an official of the payee agency, or a representative of the payee unit (`reconcilingPayees`). */
type Person = { id: string; documentNumber: string };

async function requireOfficial(deps: Deps, person: Person, payee: string): Promise<void> {
  if (!(await reconcilingPayees(deps, person)).includes(payee)) throw new AppError('PAYMENTS_FORBIDDEN');
}

/** The agency's orders for its official, newest first, with the procedures to filter by and the cases waiting for a fee. */
export async function listAgencyOrders(
  deps: Deps,
  person: Person,
  agencyCode: string,
  filter: PayeeOrderFilter,
): Promise<{ orders: PaymentOrder[]; procedures: Array<{ procedureId: string; concept: string }>; feeRequests: FeeRequest[] }> {
  await requireOfficial(deps, person, agencyCode);
  const [orders, procedures, feeRequests] = await Promise.all([listOrdersOfPayee(deps.db, agencyCode, filter), listProceduresOfPayee(deps.db, agencyCode), listOpenFeeRequests(deps.db, agencyCode)]);
  return { orders, procedures, feeRequests };
}

/** An order of one of the person's payees: the official's agencies, the representative's units (any other: "not found"). */
export async function getOrderForOfficial(deps: Deps, person: Person, code: string): Promise<PaymentOrder> {
  const order = /^\d{12}$/.test(code) ? await findOrderByCode(deps.db, code) : undefined;
  if (!order || !(await reconcilingPayees(deps, person)).includes(order.payeeAgency)) throw new AppError('PAYMENTS_ORDER_NOT_FOUND');
  return order;
}

/** An official gives an order's payment back, with a reason (required), once. */
export async function requestRefund(deps: Deps, person: Person, code: string, reason: string, requestId?: string | null): Promise<PaymentOrder> {
  const order = await getOrderForOfficial(deps, person, code);
  const text = reason.trim();
  if (!text) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'motivo', messageKey: 'payments.agency.refundReasonRequired' }] });
  return refundOrder(deps, order, { actor: { type: isPrivatePayee(order.payeeAgency) ? 'person' : 'official', id: person.id }, reason: text.slice(0, 1000), requestId });
}

/** `cases.submitted` for a fee the official sets: the case waits in the agency's list (once, audited). */
export async function recordFeeRequest(deps: Pick<Deps, 'db'>, r: Omit<FeeRequest, 'orderId' | 'createdAt' | 'caseTrackingCode'> & { caseTrackingCode: string | null }): Promise<void> {
  await insertFeeRequestAudited(
    deps.db,
    { ...r, caseTrackingCode: r.caseTrackingCode ?? '' },
    {
      actor: { type: 'system', id: 'payments' },
      action: 'payments.fee_requested',
      subject: { type: 'case', id: r.caseId },
      data: { payee: r.payeeAgency, trackingCode: r.caseTrackingCode },
    },
  );
}

/** A case waiting for its fee, of one of the official's agencies (any other: "not found"). */
export async function findFeeRequestForOfficial(deps: Pick<Deps, 'db'>, accountId: string, caseId: string): Promise<FeeRequest> {
  const request = await findFeeRequest(deps.db, caseId);
  if (!request || !(await officialAgencies(deps, accountId)).includes(request.payeeAgency)) throw new AppError('PAYMENTS_FEE_REQUEST_NOT_FOUND');
  return request;
}

/**
 * The official sets a case's fee: the order is created (one per case, whatever the number of
 * parallel submissions) and the person is told in the mailbox.
 */
export async function setOfficialFee(deps: Deps, accountId: string, caseId: string, amount: string, requestId?: string | null): Promise<PaymentOrder> {
  const request = await findFeeRequestForOfficial(deps, accountId, caseId);
  const amountMinor = toMinorUnits(amount);
  const fields: FieldError[] = [];
  if (amountMinor === undefined) fields.push({ field: 'importe', messageKey: 'payments.agency.amountInvalid' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const { order, created } = await createOrder(
    deps,
    {
      payeeAgency: request.payeeAgency,
      payerAccountId: request.payerAccountId,
      payerUnitKey: request.payerUnitKey ?? null,
      caseId: request.caseId,
      caseTrackingCode: request.caseTrackingCode,
      procedureId: request.procedureId,
      concept: request.concept,
      amountMinor: amountMinor!,
    },
    { actor: { type: 'official', id: accountId }, requestId },
  );
  if (!created) return order;
  await setFeeRequestOrder(deps.db, caseId, order.id);
  if (order.payerAccountId || order.payerUnitKey) {
    const t = translator(deps.catalogs, DEFAULT_LOCALE);
    const params = { concept: order.concept, code: order.code, amount: money(deps, order.amountMinor, order.currency), url: `${deps.config.publicUrl}/pagos/${order.code}` };
    const notice = { agencyCode: order.payeeAgency, subject: t('payments.feeSet.subject', params), body: t('payments.feeSet.body', params), source: 'payments', key: `payments:fee:${order.id}` };
    // A unit's order: to the unit's mailbox, which its representatives read.
    if (order.payerUnitKey) await notifyUnit(deps, { ...notice, unitKey: order.payerUnitKey });
    else if (order.payerAccountId) await notifyAccount(deps, { ...notice, accountId: order.payerAccountId });
  }
  return order;
}
