// TypeBox schemas of the payment orders API (in the OpenAPI document).
import { Type } from 'typebox';
import type { PaymentOrder } from './payments.types.ts';

export const PAYMENTS_SCOPES = { read: 'payments:read', write: 'payments:write' } as const;

export const OrderCodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$', description: 'The payment code (12 digits)' }) });

export const OrderBodySchema = Type.Object(
  {
    payer: Type.Object(
      {
        documentType: Type.String({ minLength: 1, maxLength: 10, description: "The payer's identity document type (country profile)" }),
        documentNumber: Type.String({ minLength: 1, maxLength: 30 }),
      },
      { additionalProperties: false, description: 'The person who owes the amount; the order shows in her "Mis pagos"' },
    ),
    concept: Type.String({ minLength: 1, maxLength: 200, description: 'What is paid for, as the payer reads it' }),
    amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_000_000, description: 'Amount in minor units of the country currency (centavos): 4000 is 40,00' }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'Until when the order may be paid (default: 7 days)' })),
    payeeUnit: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9-]{1,37}$',
        description: "An economic unit's registry key (NIT, RIF) when the unit is paid, not the agency: the unit must name the agency among those collecting for it",
      }),
    ),
  },
  { additionalProperties: false },
);

export const PaymentOrderSchema = Type.Object(
  {
    code: Type.String(),
    payee: Type.String({ description: 'Who is paid: the agency’s code, or `UE-` and the economic unit’s registry key' }),
    concept: Type.String(),
    amountMinor: Type.Integer(),
    currency: Type.String({ description: 'ISO 4217 code of the country currency (BOB, VES)' }),
    status: Type.Union(['created', 'pending', 'paid', 'declined', 'expired', 'refunded'].map((s) => Type.Literal(s))),
    expiresAt: Type.String({ format: 'date-time' }),
    paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    refundDue: Type.Boolean({ description: 'A payment came after expiry: it is kept and owed back' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'PaymentOrder' },
);

export function toOrderBody(o: PaymentOrder) {
  return {
    code: o.code,
    payee: o.payeeAgency,
    concept: o.concept,
    amountMinor: o.amountMinor,
    currency: o.currency,
    status: o.status,
    expiresAt: o.expiresAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    refundDue: o.refundDue,
    createdAt: o.createdAt.toISOString(),
  };
}
