// Who is paid (docs/payments.md, "Who is paid"): an agency, or an economic unit of the registries
// (the marketplace's sellers, communal producers). A unit's settlement account is registered by
// its representative; its orders are created by later modules through `createUnitOrder`, or by
// the systems of the agencies the representative named as collecting for it
// (`POST /api/v1/payment-orders` with `payeeUnit`). Orders, settlement and reconciliation are per
// payee, keyed by the payee key: an agency's code, or `UE-<unit key>`.
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findIdempotentReplay, type IdempotencyClaim, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import { findAccount, findAccountByIdentityDocument } from '../identity/index.ts';
import { getAgency } from '../agencies/index.ts';
import { economicUnitName, unitsRepresentedBy } from '../registries/index.ts';
import { findOrderByCode, listAgencyGatewayUrls } from './payments.queries.ts';
import { configurePayee, createOrder, findOrderById, findPayee, type OrderInput, type OrderOptions, refundOrder, requirePayee } from './payments.service.ts';
import type { PaymentOrder } from './payments.types.ts';

export const UNIT_PAYEE_PREFIX = 'UE-';
export const PERSON_PAYEE_PREFIX = 'PE-';
const UNIT_KEY = /^[A-Za-z0-9-]{1,37}$/;
const AGENCY_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

const sameOrigin = (a: string, b: string): boolean => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/** The payee key of an economic unit (its registry key: NIT, RIF). */
export const unitPayeeKey = (unitKey: string): string => `${UNIT_PAYEE_PREFIX}${unitKey}`;

/** The unit key of a unit's payee key, or undefined for an agency. */
export const unitOfPayee = (payee: string): string | undefined => (payee.startsWith(UNIT_PAYEE_PREFIX) ? payee.slice(UNIT_PAYEE_PREFIX.length) : undefined);

/** The payee key of a person who is paid (a marketplace seller selling as herself): `PE-<account id>`. */
export const personPayeeKey = (accountId: string): string => `${PERSON_PAYEE_PREFIX}${accountId}`;

/** The account id of a person's payee key, or undefined for an agency or a unit. */
export const personOfPayee = (payee: string): string | undefined => (payee.startsWith(PERSON_PAYEE_PREFIX) ? payee.slice(PERSON_PAYEE_PREFIX.length) : undefined);

/** Whether the payee is no agency (a unit or a person): its receipts are signed by the platform's operator. */
export const isPrivatePayee = (payee: string): boolean => unitOfPayee(payee) !== undefined || personOfPayee(payee) !== undefined;

/** Whom a payee key names, as people read it: the agency's or the unit's registered name (the key itself when neither is found). */
export async function payeeName(deps: Pick<Deps, 'db'>, payee: string): Promise<string> {
  const unitKey = unitOfPayee(payee);
  if (unitKey) return (await economicUnitName(deps, unitKey)) ?? payee;
  const accountId = personOfPayee(payee);
  if (accountId) {
    const person = await findAccount(deps, accountId);
    return person ? `${person.givenName} ${person.familyName}` : payee;
  }
  return getAgency(deps, payee).then(
    (agency) => agency.name,
    () => payee,
  );
}

/** Payee keys as a selector's options: the key is the value, the name the label. */
export async function payeeOptions(deps: Pick<Deps, 'db'>, payees: readonly string[]): Promise<Array<{ value: string; label: string }>> {
  return Promise.all(payees.map(async (value) => ({ value, label: await payeeName(deps, value) })));
}

export interface SettlementAccountInput {
  treasuryAccount: string;
  gatewayUrl: string;
  merchantId: string;
  secret: string;
}

export interface UnitPayeeInput extends SettlementAccountInput {
  unitKey: string;
  /** The agencies whose systems may create orders for the unit through the API. */
  collectingAgencies: string[];
}

/** The unit's name, when the person represents it (registries' index); otherwise 403 `PAYMENTS_NOT_REPRESENTATIVE`. */
export async function requireRepresentative(deps: Deps, person: { documentNumber: string }, unitKey: string): Promise<{ key: string; name: string }> {
  const unit = UNIT_KEY.test(unitKey) ? (await unitsRepresentedBy(deps, person.documentNumber)).find((u) => u.key === unitKey) : undefined;
  if (!unit) throw new AppError('PAYMENTS_NOT_REPRESENTATIVE');
  return { key: unit.key, name: typeof unit.content.name === 'string' ? unit.content.name : unit.key };
}

/** What the representative's page shows of the unit's settlement account (never the secret). */
export async function unitSettlementAccount(
  deps: Pick<Deps, 'db' | 'config'>,
  unitKey: string,
): Promise<{ treasuryAccount: string; gatewayUrl: string; merchantId: string; collectingAgencies: string[] } | undefined> {
  const payee = await findPayee(deps, unitPayeeKey(unitKey));
  return payee?.unit ? { treasuryAccount: payee.treasuryAccount, gatewayUrl: payee.gatewayUrl, merchantId: payee.merchantId, collectingAgencies: payee.unit.collectingAgencies } : undefined;
}

/** The errors of a unit's or a person's settlement account fields (the collecting agencies aside). */
async function accountFieldErrors(deps: Pick<Deps, 'db'>, input: SettlementAccountInput): Promise<FieldError[]> {
  const fields: FieldError[] = [];
  const required = { treasuryAccount: input.treasuryAccount, merchantId: input.merchantId, secret: input.secret };
  for (const [field, value] of Object.entries(required)) if (!value.trim() || value.length > 200) fields.push({ field, messageKey: 'payments.payee.error.required' });
  if (!/^https?:\/\/\S+$/.test(input.gatewayUrl) || input.gatewayUrl.length > 500) fields.push({ field: 'gatewayUrl', messageKey: 'payments.payee.error.gatewayUrl' });
  // Tambo calls the gateway from the server: a unit or a person may name only a gateway the
  // platform already works with (one an agency's payee uses), never an arbitrary address.
  else if (!(await listAgencyGatewayUrls(deps.db)).some((url) => sameOrigin(url, input.gatewayUrl))) fields.push({ field: 'gatewayUrl', messageKey: 'payments.payee.error.gatewayUnknown' });
  return fields;
}

/**
 * A representative of the unit (as the registries hold it) registers or changes the unit's
 * settlement account: the account the provider settles to, the merchant account and
 * notification secret the provider gave the unit, and the agencies that collect for it. Audited
 * (`payments.payee_configured`, the person as actor).
 */
export async function configureUnitPayee(deps: Deps, representative: { id: string; documentNumber: string }, input: UnitPayeeInput, requestId?: string | null): Promise<string> {
  const fields = await accountFieldErrors(deps, input);
  const collecting = [...new Set(input.collectingAgencies.map((a) => a.trim().toUpperCase()))];
  if (collecting.some((a) => !AGENCY_CODE.test(a))) fields.push({ field: 'collectingAgencies', messageKey: 'payments.payee.error.collectingAgencies' });
  await requireRepresentative(deps, representative, input.unitKey);
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const payee = unitPayeeKey(input.unitKey);
  await configurePayee(
    deps,
    {
      agencyCode: payee,
      treasuryAccount: input.treasuryAccount.trim(),
      gatewayUrl: input.gatewayUrl,
      merchantId: input.merchantId.trim(),
      secret: input.secret,
      unit: { key: input.unitKey, collectingAgencies: collecting },
    },
    { actor: { type: 'person', id: representative.id }, requestId },
  );
  return payee;
}

/**
 * An order whose payee is an economic unit, for the modules that come later (the marketplace,
 * communal producers): the unit must have a settlement account (`PAYMENTS_PAYEE_NOT_CONFIGURED`).
 * Idempotent as `createOrder` is (by case, or by the claimed key in `options`).
 */
export async function createUnitOrder(
  deps: Pick<Deps, 'db' | 'country' | 'config'>,
  unitKey: string,
  input: Omit<OrderInput, 'payeeAgency'>,
  options: OrderOptions,
): Promise<{ order: PaymentOrder; created: boolean }> {
  return createPayeeOrder(deps, unitPayeeKey(unitKey), input, options);
}

/** An order of a payee that must have a settlement account (`PAYMENTS_PAYEE_NOT_CONFIGURED`). */
async function createPayeeOrder(deps: Pick<Deps, 'db' | 'country' | 'config'>, payeeKey: string, input: Omit<OrderInput, 'payeeAgency'>, options: OrderOptions) {
  const payee = await requirePayee(deps, payeeKey);
  return createOrder(deps, { ...input, payeeAgency: payee.agencyCode }, options);
}

/** What the person's own settlement account page shows (never the secret). */
export async function personSettlementAccount(deps: Pick<Deps, 'db' | 'config'>, accountId: string): Promise<SettlementAccountInput | undefined> {
  const payee = await findPayee(deps, personPayeeKey(accountId));
  return payee?.personAccountId ? { treasuryAccount: payee.treasuryAccount, gatewayUrl: payee.gatewayUrl, merchantId: payee.merchantId, secret: '' } : undefined;
}

/**
 * A person registers or changes her own settlement account, to be paid as herself (a
 * marketplace seller who is no economic unit): the same fields as a unit's, no collecting
 * agencies. Audited (`payments.payee_configured`, the person as actor).
 */
export async function configurePersonPayee(deps: Deps, person: { id: string }, input: SettlementAccountInput, requestId?: string | null): Promise<string> {
  const fields = await accountFieldErrors(deps, input);
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const payee = personPayeeKey(person.id);
  await configurePayee(
    deps,
    { agencyCode: payee, treasuryAccount: input.treasuryAccount.trim(), gatewayUrl: input.gatewayUrl, merchantId: input.merchantId.trim(), secret: input.secret, personAccountId: person.id },
    { actor: { type: 'person', id: person.id }, requestId },
  );
  return payee;
}

/**
 * An order whose payee is a person (a marketplace seller selling as herself): she must have a
 * settlement account (`PAYMENTS_PAYEE_NOT_CONFIGURED`). Idempotent as `createOrder` is.
 */
export async function createPersonOrder(
  deps: Pick<Deps, 'db' | 'country' | 'config'>,
  accountId: string,
  input: Omit<OrderInput, 'payeeAgency'>,
  options: OrderOptions,
): Promise<{ order: PaymentOrder; created: boolean }> {
  return createPayeeOrder(deps, personPayeeKey(accountId), input, options);
}

/**
 * The payee an agency's client creates an order for: its own agency, or a unit that names the
 * agency among those collecting for it (another unit: 403 `PAYMENTS_PAYEE_NOT_ALLOWED`).
 */
async function payeeForClient(deps: Pick<Deps, 'db' | 'config'>, agencyCode: string, payeeUnit: string | undefined): Promise<string> {
  if (payeeUnit === undefined) return agencyCode;
  const payee = await requirePayee(deps, unitPayeeKey(payeeUnit));
  if (!payee.unit?.collectingAgencies.includes(agencyCode)) throw new AppError('PAYMENTS_PAYEE_NOT_ALLOWED');
  return payee.agencyCode;
}

/** An order an agency's client may read: its agency's, or one of a unit the agency collects for (any other: "not found"). */
export async function getOrderForClient(deps: Pick<Deps, 'db' | 'config'>, agencyCode: string, code: string): Promise<PaymentOrder> {
  const order = await findOrderByCode(deps.db, code);
  if (order && order.payeeAgency === agencyCode) return order;
  if (order && unitOfPayee(order.payeeAgency) && (await findPayee(deps, order.payeeAgency))?.unit?.collectingAgencies.includes(agencyCode)) return order;
  throw new AppError('PAYMENTS_ORDER_NOT_FOUND');
}

export interface AgencyOrderInput {
  payer: { documentType: string; documentNumber: string };
  concept: string;
  amountMinor: number;
  expiresAt?: string;
  /** The key of an economic unit the agency collects for, when the unit is paid (not the agency). */
  payeeUnit?: string;
}

/** An order an agency's system creates for one of its services, or for a unit it collects for (idempotent by client and key). */
export async function createAgencyOrder(
  deps: Pick<Deps, 'db' | 'country' | 'config'>,
  client: { clientId: string; agencyCode: string },
  input: AgencyOrderInput,
  options: { idempotencyKey: string | null; requestId?: string | null },
): Promise<{ order: PaymentOrder; created: boolean }> {
  const fields: FieldError[] = [];
  const type = deps.country.identityDocuments.find((d) => d.code === input.payer.documentType.trim().toUpperCase());
  let number = '';
  if (!type) fields.push({ field: '/payer/documentType', messageKey: 'payments.errors.documentType', params: { types: deps.country.identityDocuments.map((d) => d.code).join(', ') } });
  else {
    const check = type.check(input.payer.documentNumber);
    if (check.ok) number = check.normalized;
    else fields.push({ field: '/payer/documentNumber', messageKey: 'payments.errors.documentNumber', params: { example: type.example } });
  }
  const concept = input.concept.trim();
  if (!concept) fields.push({ field: '/concept', messageKey: 'payments.errors.concept' });
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : undefined;
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) fields.push({ field: '/expiresAt', messageKey: 'payments.errors.expiresAt' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const payeeAgency = await payeeForClient(deps, client.agencyCode, input.payeeUnit);
  const claim: IdempotencyClaim | undefined = options.idempotencyKey
    ? { scope: `payments.order:${client.clientId}`, key: options.idempotencyKey, requestSha256: requestFingerprint({ ...input, payer: { documentType: type!.code, documentNumber: number }, concept }) }
    : undefined;
  if (claim) {
    const earlier = await findIdempotentReplay(deps.db, claim);
    if (earlier) return { order: (await findOrderByCode(deps.db, earlier))!, created: false };
  }
  const payer = await findAccountByIdentityDocument(deps, type!.code, number);
  if (!payer) throw new AppError('PAYMENTS_PAYER_NOT_FOUND');
  return createOrder(
    deps,
    { payeeAgency, payerAccountId: payer.id, concept, amountMinor: input.amountMinor, expiresAt },
    { actor: { type: 'client', id: client.clientId }, clientId: client.clientId, idempotency: claim, requestId: options.requestId },
  );
}

/**
 * Gives back the payment of a unit's (or a person's) order, for the module that created it (the marketplace's
 * withdrawals and disputes): the refund is claimed once per order (`refundOrder`), so repeated or
 * parallel calls refund once. Answers `refunded` when the money is given back (now or before),
 * `in_progress` when another call holds the claim; a gateway refusal throws (the claim released).
 */
export async function refundUnitOrder(
  deps: Pick<Deps, 'db' | 'country' | 'config'>,
  orderId: string,
  by: { actor: { type: 'system' | 'person'; id: string }; reason: string; requestId?: string | null },
): Promise<'refunded' | 'in_progress'> {
  const order = await findOrderById(deps, orderId);
  if (!order || !isPrivatePayee(order.payeeAgency)) throw new AppError('PAYMENTS_ORDER_NOT_FOUND');
  if (order.status === 'refunded') return 'refunded';
  try {
    const done = await refundOrder(deps, order, by);
    return done.status === 'refunded' ? 'refunded' : 'in_progress';
  } catch (error) {
    if (error instanceof AppError && error.code === 'PAYMENTS_REFUND_ALREADY_REQUESTED') return 'in_progress';
    throw error;
  }
}
