// What payments hold about a person, for "Mis datos" (personal-data.service.ts).
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export async function findOrderData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('payments.payment_order')
    .select(['code', 'payee_agency', 'concept', 'amount_minor', 'currency', 'status', 'expires_at', 'paid_at', 'created_at'])
    .where('payer_account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Her own settlement account, when she is paid as herself (a marketplace seller; never the secret). */
export async function findPayeeData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('payments.payee')
    .select(['treasury_account', 'merchant_id', 'gateway_url', 'updated_at'])
    .where('kind', '=', 'person')
    .where('person_account_id', '=', accountId)
    .execute();
}
