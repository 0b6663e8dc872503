// CLAP distribution cycles: the room schedules a delivery per community council; the
// distributor reports it; the council's spokespeople (its `room_responder`s) confirm or dispute
// it. Overdue and disputed deliveries surface first in the room, where an operator instructs
// the responsible commune. Every change is audited.
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { confirmClapDelivery, findAllClapDeliveries, findClapDeliveriesIn, findClapDelivery, findCycleDelivery, insertClapDelivery, reportClapDelivery } from './clap.queries.ts';
import { CLAP_DISTRIBUTOR, type ClapDelivery, hasDiscrepancy, isOverdue } from './clap.types.ts';
import { type Actor, isOperatorOver, todayIn } from './instruction.service.ts';
import { ROOM_RESPONDER } from './instruction.types.ts';

export async function getClapDelivery(deps: Pick<Deps, 'db'>, id: string): Promise<ClapDelivery> {
  const delivery = /^[0-9a-f-]{36}$/.test(id) ? await findClapDelivery(deps.db, id) : undefined;
  if (!delivery) throw new AppError('SITUATION_ROOM_CLAP_NOT_FOUND');
  return delivery;
}

export const listClapDeliveries = (deps: Deps, territoryCode: string) => findClapDeliveriesIn(deps.dbRead, territoryCode, todayIn(deps), 20);

export interface ScheduleInput {
  territory?: string;
  cycle?: string;
  scheduledOn?: string;
  familiesPlanned?: string | number;
}

/** Field → message key; empty when valid (the council's existence and level are checked on scheduling). */
export function scheduleErrors(input: ScheduleInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^[A-Za-z0-9-]{1,64}$/.test((input.territory ?? '').trim())) errors.territory = 'situation_room.clap.error.council';
  const cycle = (input.cycle ?? '').trim();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(cycle)) errors.cycle = 'situation_room.clap.error.cycle';
  const on = (input.scheduledOn ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`))) errors.scheduledOn = 'situation_room.clap.error.scheduledOn';
  const families = String(input.familiesPlanned ?? '').trim();
  if (!/^\d{1,6}$/.test(families) || Number(families) < 1) errors.familiesPlanned = 'situation_room.clap.error.planned';
  return errors;
}

/**
 * Schedules a cycle's delivery to a community council (the deepest level): an operator of the room
 * over it, or the demo seed (`actor` null). Once per council and cycle, kept by the database: a
 * repeat with the same day and families answers the delivery (`created: false`), with others 409.
 */
export async function scheduleClapDelivery(deps: Deps, actor: Actor | null, input: ScheduleInput): Promise<{ delivery: ClapDelivery; created: boolean }> {
  const errors = scheduleErrors(input);
  if (Object.keys(errors).length > 0) throw new AppError('SITUATION_ROOM_INVALID_CLAP', { fields: Object.entries(errors).map(([field, messageKey]) => ({ field: `/${field}`, messageKey })) });
  const code = input.territory!.trim();
  const chain = await getTerritoryWithAncestors(deps, code).catch((error: unknown) => {
    if (error instanceof AppError) return [];
    throw error;
  });
  const council = chain.at(-1);
  if (!council || council.level !== deps.country.territoryLevels.at(-1)?.key)
    throw new AppError('SITUATION_ROOM_INVALID_CLAP', { fields: [{ field: '/territory', messageKey: 'situation_room.clap.error.council' }] });
  const path = chain.map((t) => t.code);
  if (actor && !isOperatorOver(actor.grants, path)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
  const wanted = { territoryPath: path, cycle: input.cycle!.trim(), scheduledOn: input.scheduledOn!.trim(), familiesPlanned: Number(String(input.familiesPlanned).trim()) };
  const id = uuidv7();
  const created = await deps.db.transaction().execute(async (trx) => {
    const isNew = await insertClapDelivery(trx, { id, ...wanted });
    if (isNew) {
      await recordAudit(trx, {
        actor: actor ? { type: 'official', id: actor.accountId } : { type: 'system', id: 'situation_room' },
        action: 'situation_room.clap_scheduled',
        subject: { type: 'clap_delivery', id },
        data: { territory: code, cycle: wanted.cycle, scheduledOn: wanted.scheduledOn, familiesPlanned: wanted.familiesPlanned },
      });
    }
    return isNew;
  });
  const delivery = created ? await getClapDelivery(deps, id) : await findCycleDelivery(deps.db, path, wanted.cycle);
  if (!delivery) throw new AppError('SITUATION_ROOM_CLAP_NOT_FOUND');
  if (!created && (delivery.scheduledOn !== wanted.scheduledOn || delivery.familiesPlanned !== wanted.familiesPlanned)) throw new AppError('SITUATION_ROOM_CLAP_EXISTS');
  return { delivery, created };
}

export interface ClapInput {
  deliveredOn?: string;
  familiesServed?: string;
  items?: string;
  confirmation?: string;
  familiesCounted?: string;
  note?: string;
}

/** Field → message key; empty when valid. */
export function clapErrors(kind: 'report' | 'confirm', input: ClapInput, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const count = (v: string | undefined) => /^\d{1,6}$/.test((v ?? '').trim());
  if (kind === 'report') {
    const on = (input.deliveredOn ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`))) errors.deliveredOn = 'situation_room.clap.error.deliveredOn';
    else if (on > today) errors.deliveredOn = 'situation_room.clap.error.future';
    if (!count(input.familiesServed)) errors.familiesServed = 'situation_room.clap.error.families';
    const items = (input.items ?? '').trim();
    if (items.length === 0 || items.length > 500) errors.items = 'situation_room.clap.error.items';
  } else {
    if (input.confirmation !== 'confirmed' && input.confirmation !== 'disputed') errors.confirmation = 'situation_room.clap.error.confirmation';
    if (!count(input.familiesCounted)) errors.familiesCounted = 'situation_room.clap.error.families';
    if (input.confirmation === 'disputed' && !(input.note ?? '').trim()) errors.note = 'situation_room.clap.error.note';
    if ((input.note ?? '').length > 1000) errors.note = 'situation_room.clap.error.note';
  }
  return errors;
}

export const canReport = (actor: Actor | null, d: ClapDelivery) => actor !== null && hasRole(actor.grants, { role: CLAP_DISTRIBUTOR, territory: d.territoryPath });
export const canConfirm = (actor: Actor | null, d: ClapDelivery) => actor !== null && hasRole(actor.grants, { role: ROOM_RESPONDER, territory: d.territoryPath });

/** The distributor reports, or the spokespeople confirm or dispute; a second report or confirmation is refused. */
export async function recordClap(deps: Deps, actor: Actor, id: string, kind: 'report' | 'confirm', input: ClapInput, requestId?: string): Promise<void> {
  const delivery = await getClapDelivery(deps, id);
  if (!(kind === 'report' ? canReport(actor, delivery) : canConfirm(actor, delivery))) throw new AppError('SITUATION_ROOM_FORBIDDEN');
  const errors = clapErrors(kind, input, todayIn(deps));
  if (Object.keys(errors).length > 0) throw new AppError('SITUATION_ROOM_INVALID_CLAP', { fields: Object.entries(errors).map(([field, messageKey]) => ({ field: `/${field}`, messageKey })) });
  await deps.db.transaction().execute(async (trx) => {
    const changed =
      kind === 'report'
        ? await reportClapDelivery(trx, id, { deliveredOn: input.deliveredOn!.trim(), familiesServed: Number(input.familiesServed), items: input.items!.trim(), by: actor.accountId })
        : await confirmClapDelivery(trx, id, {
            confirmation: input.confirmation as 'confirmed' | 'disputed',
            familiesCounted: Number(input.familiesCounted),
            note: (input.note ?? '').trim() || null,
            by: actor.accountId,
          });
    if (!changed) throw new AppError('SITUATION_ROOM_CLAP_DONE');
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: kind === 'report' ? 'situation_room.clap_reported' : `situation_room.clap_${input.confirmation}`,
      subject: { type: 'clap_delivery', id },
      requestId,
    });
  });
}

/** The open dataset `situation_room.clap_deliveries`: every delivery's public fields and flags (no spokespeople's notes, no people). */
export async function clapDeliveryRows(deps: Deps): Promise<Array<Record<string, unknown>>> {
  const today = todayIn(deps);
  return (await findAllClapDeliveries(deps.db, 100_000)).map((d) => ({
    council: d.territoryPath.at(-1),
    commune: d.territoryPath.at(-2) ?? null,
    cycle: d.cycle,
    scheduled_on: d.scheduledOn,
    families_planned: d.familiesPlanned,
    delivered_on: d.deliveredOn,
    families_served: d.familiesServed,
    items: d.items,
    confirmation: d.confirmation,
    families_counted: d.familiesCounted,
    overdue: isOverdue(d, today),
    discrepancy: hasDiscrepancy(d),
  }));
}

export const CLAP_DATASET_SCHEMA = {
  type: 'object',
  properties: {
    council: { type: 'string', description: 'Community council (territory code)' },
    commune: { type: ['string', 'null'] },
    cycle: { type: 'string', description: 'YYYY-MM' },
    scheduled_on: { type: 'string', format: 'date' },
    families_planned: { type: 'integer' },
    delivered_on: { type: ['string', 'null'], format: 'date' },
    families_served: { type: ['integer', 'null'] },
    items: { type: ['string', 'null'] },
    confirmation: { type: ['string', 'null'], enum: ['confirmed', 'disputed', null] },
    families_counted: { type: ['integer', 'null'] },
    overdue: { type: 'boolean' },
    discrepancy: { type: 'boolean' },
  },
  required: ['council', 'cycle', 'scheduled_on', 'families_planned', 'overdue', 'discrepancy'],
};
