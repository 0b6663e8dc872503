// Announces to every process that a territory's figures may have changed: the room's event
// handlers turn the modules' events into one notification on the bus (the live pages listen).
import { notify } from '../../platform/events/bus.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { roomStats } from './room.stats.ts';
import { ROOM_TOPIC } from './room.types.ts';

/** The topics the room follows live; an event with a `territoryPath` reaches that territory's rooms, any other the national room. */
export const LIVE_TOPICS = ['reports.submitted', 'reports.status_changed', 'reports.reopened', 'cases.submitted', 'cases.decided', 'cases.overdue'] as const;

export async function announceChange(deps: Pick<Deps, 'db'>, event: DomainEvent): Promise<void> {
  const path = Array.isArray(event.payload.territoryPath) ? event.payload.territoryPath.filter((c): c is string => typeof c === 'string') : [];
  await recordStat(deps.db, roomStats.announcements, { territory: path, at: event.createdAt });
  await notify(deps.db, ROOM_TOPIC, { topic: event.topic, path: path.join('/') });
}
