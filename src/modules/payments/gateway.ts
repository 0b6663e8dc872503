// The payment gateway as Tambo sees it: four operations, one implementation (the HTTP protocol
// of the sandbox gateway, sandbox/server.ts). A real provider (Bolivia's interbank QR, a
// Venezuelan bank's pago móvil C2P) plugs in as another implementation of `PaymentGateway`
// (docs/payments.md). Tambo reaches the gateway over HTTP only.
import { timingSafeEqual } from 'node:crypto';
import { standardSignature } from '../../platform/webhooks/signature.ts';
import { NOTIFICATION_TOLERANCE_SECONDS, PAYMENT_METHODS, type GatewayOutcome, type PaymentMethod } from './payments.types.ts';

/** A payee's account at its gateway (payments.payee), with the secret opened. */
export interface PayeeAccount {
  /** The payee key: an agency's code, `UE-<unit key>` for an economic unit, `PE-<account id>` for a person. */
  agencyCode: string;
  /** An economic unit's payee: its registry key and the agencies whose systems may create orders for it. */
  unit?: { key: string; collectingAgencies: string[] };
  /** A person's payee (keyed `PE-<account id>`): the account of the person who is paid (a marketplace seller selling as herself). */
  personAccountId?: string;
  treasuryAccount: string;
  gatewayUrl: string;
  merchantId: string;
  secret: Buffer;
}

export interface CheckoutRequest {
  orderCode: string;
  amountMinor: number;
  currency: string;
  concept: string;
  returnUrl: string;
  notifyUrl: string;
  expiresAt: Date;
}

export type NotificationCheck = { ok: true; webhookId: string; outcome: GatewayOutcome } | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' | 'malformed'; webhookId: string | null };

export interface PaymentGateway {
  createCheckout(payee: PayeeAccount, request: CheckoutRequest): Promise<{ checkoutId: string; redirectUrl: string }>;
  /** Verifies a notification (signature, timestamp tolerance) and reads what it says. */
  handleNotification(payee: PayeeAccount, headers: Record<string, string | string[] | undefined>, rawBody: string, now?: Date): NotificationCheck;
  refund(payee: PayeeAccount, checkoutId: string): Promise<GatewayOutcome | undefined>;
  /** What the gateway knows of a checkout: an outcome, or undefined while it is still open. */
  fetchStatus(payee: PayeeAccount, checkoutId: string): Promise<GatewayOutcome | undefined>;
  /** The payee's settlement rows of a UTC day. */
  fetchSettlement(payee: PayeeAccount, day: string): Promise<string>;
}

const TIMEOUT_MS = 10_000;
const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};
const asMethod = (value: unknown): PaymentMethod | null => ((PAYMENT_METHODS as readonly unknown[]).includes(value) ? (value as PaymentMethod) : null);

function outcomeOf(kind: GatewayOutcome['kind'], data: Record<string, unknown>, reference: unknown): GatewayOutcome | undefined {
  if (typeof data.orderCode !== 'string' || typeof data.checkoutId !== 'string' || typeof reference !== 'string' || !Number.isInteger(data.amountMinor)) return undefined;
  const occurredAt = new Date(typeof data.occurredAt === 'string' ? data.occurredAt : Date.now());
  return {
    kind,
    orderCode: data.orderCode,
    checkoutId: data.checkoutId,
    reference,
    amountMinor: data.amountMinor as number,
    currency: typeof data.currency === 'string' ? data.currency : '',
    method: asMethod(data.method),
    paidBy: typeof data.paidBy === 'string' && data.paidBy ? data.paidBy.slice(0, 100) : null,
    occurredAt: Number.isNaN(occurredAt.getTime()) ? new Date() : occurredAt,
  };
}

const NOTIFICATION_KINDS: Record<string, GatewayOutcome['kind']> = { 'payment.succeeded': 'paid', 'payment.declined': 'declined', 'refund.succeeded': 'refunded' };

/** The sandbox's protocol (and the shape a real provider's adapter answers in). */
export const httpGateway: PaymentGateway = {
  async createCheckout(payee, request) {
    const answer = await call(payee, 'POST', '/v1/checkouts', { ...request, expiresAt: request.expiresAt.toISOString() });
    const body = (await answer.json()) as { checkoutId?: string; redirectUrl?: string };
    if (answer.status !== 201 || !body.checkoutId || !body.redirectUrl) throw new Error(`gateway refused the checkout (${answer.status})`);
    return { checkoutId: body.checkoutId, redirectUrl: body.redirectUrl };
  },

  handleNotification(payee, headers, rawBody, now = new Date()) {
    const id = header(headers, 'webhook-id') ?? null;
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !timestamp || !signatures) return { ok: false, reason: 'unsigned', webhookId: id };
    const seconds = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > NOTIFICATION_TOLERANCE_SECONDS) return { ok: false, reason: 'stale', webhookId: id };
    const expected = Buffer.from(standardSignature(payee.secret, id, seconds, rawBody));
    const matches = signatures.split(' ').some((given) => {
      const bytes = Buffer.from(given);
      return bytes.length === expected.length && timingSafeEqual(bytes, expected);
    });
    if (!matches) return { ok: false, reason: 'bad_signature', webhookId: id };
    try {
      const body = JSON.parse(rawBody) as { type?: string; data?: Record<string, unknown> };
      const kind = NOTIFICATION_KINDS[body.type ?? ''];
      const outcome = kind && body.data ? outcomeOf(kind, body.data, body.data.reference) : undefined;
      return outcome ? { ok: true, webhookId: id, outcome } : { ok: false, reason: 'malformed', webhookId: id };
    } catch {
      return { ok: false, reason: 'malformed', webhookId: id };
    }
  },

  async refund(payee, checkoutId) {
    const answer = await call(payee, 'POST', `/v1/checkouts/${encodeURIComponent(checkoutId)}/refund`);
    if (answer.status !== 200) return undefined;
    const body = (await answer.json()) as Record<string, unknown>;
    return outcomeOf('refunded', { ...body, occurredAt: new Date().toISOString() }, body.refundReference);
  },

  async fetchStatus(payee, checkoutId) {
    const answer = await call(payee, 'GET', `/v1/checkouts/${encodeURIComponent(checkoutId)}`);
    if (answer.status !== 200) return undefined;
    const body = (await answer.json()) as Record<string, unknown>;
    if (body.status === 'paid' || body.status === 'refunded') return outcomeOf('paid', body, body.reference);
    if (body.status === 'declined') return outcomeOf('declined', body, `dec_${checkoutId}`);
    return undefined;
  },

  async fetchSettlement(payee, day) {
    const answer = await call(payee, 'GET', `/v1/settlements/${day}.csv`);
    if (answer.status !== 200) throw new Error(`gateway refused the settlement file (${answer.status})`);
    return answer.text();
  },
};

async function call(payee: PayeeAccount, method: string, path: string, body?: unknown): Promise<Response> {
  const authorization = `Basic ${Buffer.from(`${payee.merchantId}:whsec_${payee.secret.toString('base64')}`).toString('base64')}`;
  return fetch(`${payee.gatewayUrl}${path}`, {
    method,
    headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}
