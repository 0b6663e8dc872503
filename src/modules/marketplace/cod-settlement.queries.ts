// The SQL of the settlement of cash-on-delivery orders (docs/marketplace.md, "Cash on delivery").
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

/** Settled: the cash-on-delivery orders of these parcels not settled yet (a repeated event changes nothing). */
export async function markSettled(db: Queryable, numbers: string[], reference: string): Promise<Array<{ id: string; shipment_number: string; total_minor: string }>> {
  const { rows } = await sql<{ id: string; shipment_number: string; total_minor: string }>`UPDATE marketplace.purchase SET settled_at = now(), settlement_reference = ${reference}
    WHERE shipment_number = ANY(${numbers}::text[]) AND payment_method = 'cash_on_delivery' AND settled_at IS NULL RETURNING id, shipment_number, total_minor`.execute(db);
  return rows;
}
