// Every SQL statement of the settlement of cash on delivery (docs/postal.md, "Settlement").
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

const rows = rowsInto<Tables>();

/** A collected shipment as the settlement sees it. */
export interface Collected {
  id: string;
  number: string;
  agencyCode: string;
  payee: string | null;
  destinationOffice: string;
  destinationPath: string[];
  /** What was collected at the door; null when not delivered-collected. */
  collectedMinor: number | null;
  /** The reference of the remittance or refund that covers it, and which. */
  settledBy: { reference: string; kind: 'remittance' | 'refund' } | null;
  /** Its return parcel was delivered back to the seller. */
  returned: boolean;
}

interface CollectedRow {
  id: string;
  number: string;
  agency_code: string;
  collect_payee: string | null;
  destination_office: string;
  destination_path: string[];
  collected_minor: string | null;
  reference: string | null;
  settled_kind: 'remittance' | 'refund' | null;
  returned: boolean;
}

const SELECT = sql`SELECT s.id, s.number, s.agency_code, s.collect_payee, s.destination_office, s.destination_path,
    (SELECT e.collected_minor FROM postal.tracking_event e WHERE e.shipment_id = s.id AND e.kind = 'delivered_collected') AS collected_minor,
    r.reference, r.kind AS settled_kind,
    EXISTS (SELECT 1 FROM postal.shipment b JOIN postal.tracking_event be ON be.shipment_id = b.id AND be.kind IN ('delivered', 'delivered_collected') WHERE b.return_of = s.id) AS returned
  FROM postal.shipment s
  LEFT JOIN postal.settled_shipment x ON x.shipment_id = s.id
  LEFT JOIN postal.remittance r ON r.id = x.remittance_id`;

/** The shipments with these numbers (those that exist), read from the primary. */
export async function findCollected(db: Queryable, numbers: string[]): Promise<Map<string, Collected>> {
  const { rows: found } = await sql<CollectedRow>`${SELECT} WHERE s.number = ANY(${numbers}::text[])`.execute(db);
  return new Map(
    found.map((r) => [
      r.number,
      {
        id: r.id,
        number: r.number,
        agencyCode: r.agency_code,
        payee: r.collect_payee,
        destinationOffice: r.destination_office,
        destinationPath: r.destination_path,
        collectedMinor: r.collected_minor === null ? null : Number(r.collected_minor),
        settledBy: r.reference && r.settled_kind ? { reference: r.reference, kind: r.settled_kind } : null,
        returned: r.returned,
      },
    ]),
  );
}

/** What is owed, per payee: collected, neither settled nor returned to the seller. `payee` narrows to one. */
export async function pendingByPayee(db: Queryable, agencyCode: string, payee?: string): Promise<Array<{ payee: string; count: number; amountMinor: number; numbers: string[] }>> {
  const { rows: found } = await sql<{ payee: string; count: string; amount: string; numbers: string[] }>`
    SELECT s.collect_payee AS payee, count(*) AS count, sum(e.collected_minor) AS amount, array_agg(s.number ORDER BY s.number) AS numbers
    FROM postal.shipment s
    JOIN postal.tracking_event e ON e.shipment_id = s.id AND e.kind = 'delivered_collected'
    WHERE s.agency_code = ${agencyCode} AND s.collect_payee IS NOT NULL ${payee === undefined ? sql`` : sql`AND s.collect_payee = ${payee}`}
      AND NOT EXISTS (SELECT 1 FROM postal.settled_shipment x WHERE x.shipment_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM postal.shipment b JOIN postal.tracking_event be ON be.shipment_id = b.id AND be.kind IN ('delivered', 'delivered_collected') WHERE b.return_of = s.id)
    GROUP BY s.collect_payee ORDER BY s.collect_payee`.execute(db);
  return found.map((r) => ({ payee: r.payee, count: Number(r.count), amountMinor: Number(r.amount), numbers: r.numbers }));
}

export interface RemittanceRow {
  reference: string;
  kind: 'remittance' | 'refund';
  payee: string | null;
  paidOn: string;
  amountMinor: number;
  numbers: string[];
}

/** The remittance or refund the post recorded with this reference. */
export async function findRemittance(db: Queryable, agencyCode: string, reference: string): Promise<RemittanceRow | undefined> {
  const { rows: found } = await sql<{ reference: string; kind: 'remittance' | 'refund'; payee: string | null; paid_on: string; amount_minor: string; numbers: string[] }>`
    SELECT r.reference, r.kind, r.payee, to_char(r.paid_on, 'YYYY-MM-DD') AS paid_on, r.amount_minor,
      ARRAY(SELECT s.number FROM postal.settled_shipment x JOIN postal.shipment s ON s.id = x.shipment_id WHERE x.remittance_id = r.id ORDER BY s.number) AS numbers
    FROM postal.remittance r WHERE r.agency_code = ${agencyCode} AND r.reference = ${reference}`.execute(db);
  const r = found[0];
  return r ? { reference: r.reference, kind: r.kind, payee: r.payee, paidOn: r.paid_on, amountMinor: Number(r.amount_minor), numbers: r.numbers } : undefined;
}

/**
 * The remittance (or refund), the shipments it covers, its audit entry, event and figures in one
 * statement; false when its reference exists. A shipment covered meanwhile by another reference
 * fails the statement (the primary key of `settled_shipment`).
 */
export async function insertRemittanceAudited(
  db: Queryable,
  r: { id: string; agencyCode: string; reference: string; kind: 'remittance' | 'refund'; payee: string | null; paidOn: string; amountMinor: number; recordedBy: string },
  covered: Array<{ shipmentId: string; amountMinor: number }>,
  consequences: Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('postal.remittance', {
      id: r.id,
      agency_code: r.agencyCode,
      reference: r.reference,
      kind: r.kind,
      payee: r.payee,
      paid_on: r.paidOn,
      amount_minor: r.amountMinor,
      recorded_by: r.recordedBy,
    }),
    onConflictDoNothing: true,
    also: [
      rows(
        'postal.settled_shipment',
        covered.map((c) => ({ shipment_id: c.shipmentId, remittance_id: r.id, amount_minor: c.amountMinor })),
      ),
    ],
    ...consequences,
  });
  return row !== undefined;
}
