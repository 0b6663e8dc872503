// Domain types of payment orders (no I/O): statuses, amounts in minor units, payment codes.
import { randomInt } from 'node:crypto';

export const ORDER_STATUSES = ['created', 'pending', 'paid', 'declined', 'expired', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_METHODS = ['card', 'qr', 'transfer', 'counter'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** How long a new order may be paid, unless its creator says otherwise. */
export const DEFAULT_VALIDITY_DAYS = 7;
/** Orders still open this close to expiry are polled at the gateway (fetchStatus) by the expiry job. */
export const POLL_BEFORE_EXPIRY_MS = 60 * 60 * 1000;
/** A notification whose timestamp is further than this from now is refused (Standard Webhooks' tolerance). */
export const NOTIFICATION_TOLERANCE_SECONDS = 5 * 60;

export interface PaymentOrder {
  id: string;
  code: string;
  payeeAgency: string;
  payerAccountId: string | null;
  /** Empresa digital: the NIT/RIF of the economic unit on whose behalf the order is paid (its current representatives see and pay it); null for a person's order. */
  payerUnitKey: string | null;
  caseId: string | null;
  caseTrackingCode: string | null;
  procedureId: string | null;
  concept: string;
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  expiresAt: Date;
  checkoutId: string | null;
  paidAt: Date | null;
  refundDue: boolean;
  clientId: string | null;
  createdAt: Date;
}

export interface PaymentEvent {
  kind: 'created' | 'checkout' | 'paid' | 'late_payment' | 'declined' | 'expired' | 'refund_requested' | 'refunded';
  gatewayReference: string | null;
  method: PaymentMethod | null;
  amountMinor: number | null;
  paidBy: string | null;
  /** The official's reason, on a refund request. */
  note: string | null;
  occurredAt: Date;
}

/** What the gateway says happened to a checkout (a notification's content, or fetchStatus's answer). */
export interface GatewayOutcome {
  kind: 'paid' | 'declined' | 'refunded';
  orderCode: string;
  checkoutId: string;
  /** The gateway's transaction reference (unique per payment or refund). */
  reference: string;
  amountMinor: number;
  currency: string;
  method: PaymentMethod | null;
  /** Who paid, as the gateway knows them, when not the order's payer (a relative paying by code). */
  paidBy: string | null;
  occurredAt: Date;
}

/** The Luhn check digit of a string of digits (what a bank counter checks before accepting a code). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A new payment code: 11 random digits and a Luhn check digit (unique by the database's index). */
export function newPaymentCode(): string {
  const body = Array.from({ length: 11 }, () => randomInt(10)).join('');
  return `${body}${luhnDigit(body)}`;
}

/** Whether a typed code is a well-formed payment code (spaces and dashes allowed between digits). */
export function normalizePaymentCode(typed: string): string | undefined {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(digits)) return undefined;
  return luhnDigit(digits.slice(0, 11)) === Number(digits[11]) ? digits : undefined;
}
