// Every SQL statement on situation_room.clap_delivery.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { ClapDelivery } from './clap.types.ts';

interface Row {
  id: string;
  territory_path: string[];
  cycle: string;
  scheduled_on: string;
  families_planned: number;
  delivered_on: string | null;
  families_served: number | null;
  items: string | null;
  confirmation: string | null;
  families_counted: number | null;
  dispute_note: string | null;
}
const COLUMNS = sql<Row>`id, territory_path, cycle, to_char(scheduled_on, 'YYYY-MM-DD') AS scheduled_on, families_planned,
  to_char(delivered_on, 'YYYY-MM-DD') AS delivered_on, families_served, items, confirmation, families_counted, dispute_note`;

const toDelivery = (r: Row): ClapDelivery => ({
  id: r.id,
  territoryPath: r.territory_path,
  cycle: r.cycle,
  scheduledOn: r.scheduled_on,
  familiesPlanned: r.families_planned,
  deliveredOn: r.delivered_on,
  familiesServed: r.families_served,
  items: r.items,
  confirmation: r.confirmation as ClapDelivery['confirmation'],
  familiesCounted: r.families_counted,
  disputeNote: r.dispute_note,
});

/** Schedules a delivery (idempotent per council and cycle); answers whether it was new. */
export async function insertClapDelivery(db: Queryable, d: Pick<ClapDelivery, 'id' | 'territoryPath' | 'cycle' | 'scheduledOn' | 'familiesPlanned'>): Promise<boolean> {
  const result = await sql`
    INSERT INTO situation_room.clap_delivery (id, territory_path, cycle, scheduled_on, families_planned)
    VALUES (${d.id}, ${d.territoryPath}, ${d.cycle}, ${d.scheduledOn}::date, ${d.familiesPlanned})
    ON CONFLICT (territory_path, cycle) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findClapDelivery(db: Queryable, id: string): Promise<ClapDelivery | undefined> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.clap_delivery WHERE id = ${id}`.execute(db);
  return result.rows[0] && toDelivery(result.rows[0]);
}

/** A council's delivery of a cycle (its path, top level first). */
export async function findCycleDelivery(db: Queryable, territoryPath: string[], cycle: string): Promise<ClapDelivery | undefined> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.clap_delivery WHERE territory_path = ${territoryPath} AND cycle = ${cycle}`.execute(db);
  return result.rows[0] && toDelivery(result.rows[0]);
}

/** Deliveries at or below a territory: the overdue first, then the disputed, then the newest (at most `limit`). */
export async function findClapDeliveriesIn(db: Queryable, territoryCode: string, today: string, limit: number): Promise<ClapDelivery[]> {
  const result = await sql<Row>`
    SELECT ${COLUMNS} FROM situation_room.clap_delivery
     WHERE territory_path @> ARRAY[${territoryCode}]::text[]
     ORDER BY (delivered_on IS NULL AND scheduled_on < ${today}::date) DESC, (confirmation = 'disputed') DESC NULLS LAST, scheduled_on DESC
     LIMIT ${limit}`.execute(db);
  return result.rows.map(toDelivery);
}

/** The distributor's report; only once (a reported delivery is not rewritten). */
export async function reportClapDelivery(db: Queryable, id: string, r: { deliveredOn: string; familiesServed: number; items: string; by: string }): Promise<boolean> {
  const result = await sql`
    UPDATE situation_room.clap_delivery SET delivered_on = ${r.deliveredOn}::date, families_served = ${r.familiesServed}, items = ${r.items}, reported_by = ${r.by}
     WHERE id = ${id} AND delivered_on IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** The spokespeople's confirmation or dispute of a reported delivery; only once. */
export async function confirmClapDelivery(db: Queryable, id: string, c: { confirmation: 'confirmed' | 'disputed'; familiesCounted: number; note: string | null; by: string }): Promise<boolean> {
  const result = await sql`
    UPDATE situation_room.clap_delivery SET confirmation = ${c.confirmation}, families_counted = ${c.familiesCounted}, dispute_note = ${c.note}, confirmed_by = ${c.by}
     WHERE id = ${id} AND delivered_on IS NOT NULL AND confirmation IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Every delivery, by cycle and council (the open dataset; at most `limit`). */
export async function findAllClapDeliveries(db: Queryable, limit: number): Promise<ClapDelivery[]> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.clap_delivery ORDER BY cycle DESC, territory_path LIMIT ${limit}`.execute(db);
  return result.rows.map(toDelivery);
}
