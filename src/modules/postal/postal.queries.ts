// Every SQL statement on the postal schema.
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { EventKind, Shipment, ShipmentKind, TrackingEvent } from './postal.types.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>;

interface ShipmentRow {
  id: string;
  number: string;
  kind: string;
  agency_code: string;
  origin_office: string;
  origin_path: string[];
  destination_office: string;
  destination_path: string[];
  addressee_name: string;
  addressee_document: string | null;
  addressee_account_id: string | null;
  address: string;
  source: string;
  accepted_at: Date;
  due_at: Date;
  collect_minor: string | null;
}
const toShipment = (r: ShipmentRow): Shipment => ({
  id: r.id,
  number: r.number,
  kind: r.kind as ShipmentKind,
  agencyCode: r.agency_code,
  originOffice: r.origin_office,
  originPath: r.origin_path,
  destinationOffice: r.destination_office,
  destinationPath: r.destination_path,
  addresseeName: r.addressee_name,
  addresseeDocument: r.addressee_document,
  addresseeAccountId: r.addressee_account_id,
  address: r.address,
  source: r.source,
  acceptedAt: r.accepted_at,
  dueAt: r.due_at,
  collectMinor: r.collect_minor === null ? null : Number(r.collect_minor),
});
const COLUMNS = sql`id, number, kind, agency_code, origin_office, origin_path, destination_office, destination_path, addressee_name, addressee_document, addressee_account_id, address, source, accepted_at, due_at, collect_minor`;

/** The next serial of the S10 numbers (a sequence: unique under any burst). */
export async function nextSerial(db: Queryable): Promise<number> {
  const { rows: found } = await sql<{ serial: string }>`SELECT nextval('postal.s10_serial') AS serial`.execute(db);
  return Number(found[0]!.serial);
}

/** The shipment, its accepted event, audit, event and figure in one statement; undefined when its source key exists. */
export async function insertShipmentAudited(
  db: Queryable,
  s: Shipment & { sourceKey: string | null; createdBy: string; collectPayee: string | null; returnOf: string | null },
  accepted: { id: string; source: string },
  consequences: Consequences,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('postal.shipment', {
      id: s.id,
      number: s.number,
      kind: s.kind,
      agency_code: s.agencyCode,
      origin_office: s.originOffice,
      origin_path: s.originPath,
      destination_office: s.destinationOffice,
      destination_path: s.destinationPath,
      addressee_name: s.addresseeName,
      addressee_document: s.addresseeDocument,
      addressee_account_id: s.addresseeAccountId,
      address: s.address,
      source: s.source,
      source_key: s.sourceKey,
      created_by: s.createdBy,
      accepted_at: s.acceptedAt,
      due_at: s.dueAt,
      collect_minor: s.collectMinor,
      collect_payee: s.collectPayee,
      return_of: s.returnOf,
    }),
    onConflictDoNothing: true,
    also: [rows('postal.tracking_event', { id: accepted.id, shipment_id: s.id, kind: 'accepted', occurred_at: s.acceptedAt, office_code: s.originOffice, note: '', source: accepted.source })],
    ...consequences,
  });
  return row !== undefined;
}

export async function findShipment(db: Queryable, key: { number: string } | { id: string } | { sourceKey: string }): Promise<Shipment | undefined> {
  const where = 'number' in key ? sql`number = ${key.number}` : 'id' in key ? sql`id = ${key.id}` : sql`source_key = ${key.sourceKey}`;
  const { rows: found } = await sql<ShipmentRow>`SELECT ${COLUMNS} FROM postal.shipment WHERE ${where}`.execute(db);
  return found[0] ? toShipment(found[0]) : undefined;
}

/** The latest shipments an agency registered (the clerk's desk). */
export async function listAgencyShipments(db: Queryable, agencyCode: string, limit: number): Promise<Shipment[]> {
  const { rows: found } = await sql<ShipmentRow>`SELECT ${COLUMNS} FROM postal.shipment WHERE agency_code = ${agencyCode} ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(db);
  return found.map(toShipment);
}

export async function listAddresseeShipments(db: Queryable, accountId: string): Promise<Shipment[]> {
  const { rows: found } = await sql<ShipmentRow>`SELECT ${COLUMNS} FROM postal.shipment WHERE addressee_account_id = ${accountId} ORDER BY accepted_at DESC, id`.execute(db);
  return found.map(toShipment);
}

interface EventRow {
  id: string;
  kind: string;
  occurred_at: Date;
  office_code: string | null;
  note: string;
  collected_minor: string | null;
}

/** The history sorted by when each event happened (ties: in the order they arrived). */
export async function listEvents(db: Queryable, shipmentId: string): Promise<TrackingEvent[]> {
  const { rows: found } =
    await sql<EventRow>`SELECT id, kind, occurred_at, office_code, note, collected_minor FROM postal.tracking_event WHERE shipment_id = ${shipmentId} ORDER BY occurred_at, received_at, id`.execute(
      db,
    );
  return found.map((r) => ({
    id: r.id,
    kind: r.kind as EventKind,
    occurredAt: r.occurred_at,
    officeCode: r.office_code,
    note: r.note,
    collectedMinor: r.collected_minor === null ? null : Number(r.collected_minor),
  }));
}

/** One tracking event with its consequences; false when the same event (or a second delivery) is already there. */
export async function insertEventAudited(db: Queryable, shipmentId: string, e: TrackingEvent & { source: string }, consequences: Consequences): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('postal.tracking_event', {
      id: e.id,
      shipment_id: shipmentId,
      kind: e.kind,
      occurred_at: e.occurredAt,
      office_code: e.officeCode,
      note: e.note,
      source: e.source,
      collected_minor: e.collectedMinor ?? null,
    }),
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}
