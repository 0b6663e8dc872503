// The room acts: an operator sends an instruction from an item to the responsible territory
// (whose `room_responder`s act, e.g. a commune's spokespeople) or agency (its `agency_admin`s),
// with a deadline; the recipient receives, acts on and answers it; a scheduled job marks it
// overdue. Every step is audited and on the instruction's timeline.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { localDateTime } from '../../platform/country/zoned.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { notify } from '../../platform/events/bus.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { findAgencyStaff } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { getTerritory, getTerritoryWithAncestors } from '../territories/index.ts';
import {
  advanceInstruction,
  findInstruction,
  findInstructionByKey,
  findInstructionsAbout,
  findInstructionsAround,
  insertInstructionAudited,
  listInstructionEvents,
  markOverdueInstructions,
} from './instruction.queries.ts';
import { type Instruction, type InstructionEvent, ITEM_KINDS, type NewInstruction, ROOM_RESPONDER } from './instruction.types.ts';
import { ROOM_OPERATOR, ROOM_TOPIC } from './room.types.ts';

export interface Actor {
  accountId: string;
  grants: readonly RoleGrant[];
}

export const isOperatorOver = (grants: readonly RoleGrant[], path: string[]) => hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: ROOM_OPERATOR, territory: path });

/** Whether the person acts for the instruction's recipient. */
export function isRecipient(grants: readonly RoleGrant[], instruction: Instruction): boolean {
  return 'territoryPath' in instruction.recipient
    ? hasRole(grants, { role: ROOM_RESPONDER, territory: instruction.recipient.territoryPath })
    : hasRole(grants, { role: 'agency_admin', agency: instruction.recipient.agency });
}

/** The field errors of a new instruction (empty when it may be sent). */
export function instructionErrors(input: NewInstruction, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(ITEM_KINDS as readonly string[]).includes(input.itemKind)) errors.itemKind = 'situation_room.instruction.error.itemKind';
  if (!/^[\w.-]{1,64}$/.test(input.itemRef)) errors.itemRef = 'situation_room.instruction.error.itemRef';
  if (!input.recipientTerritory === !input.recipientAgency) errors.recipient = 'situation_room.instruction.error.recipient';
  const body = input.body.trim();
  if (body.length === 0 || body.length > 2000) errors.body = 'situation_room.instruction.error.body';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || Number.isNaN(Date.parse(`${input.dueOn}T00:00:00Z`))) errors.dueOn = 'situation_room.instruction.error.dueOn';
  else if (input.dueOn < today) errors.dueOn = 'situation_room.instruction.error.duePast';
  return errors;
}

export const todayIn = (deps: Pick<Deps, 'country'>, now = new Date()) => localDateTime(deps.country.timeZone, now).date;

/** The room's path when the person operates it; SITUATION_ROOM_FORBIDDEN otherwise. */
export async function requireOperator(deps: Deps, actor: Actor, code: string): Promise<string[]> {
  const path = (await getTerritoryWithAncestors(deps, code)).map((t) => t.code);
  if (!isOperatorOver(actor.grants, path)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
  return path;
}

/** Sends an instruction from the room of `input.from`; the same request key sends once. */
export async function sendInstruction(deps: Deps, actor: Actor, input: NewInstruction, requestId?: string): Promise<Instruction> {
  const path = await requireOperator(deps, actor, input.from);
  const errors = instructionErrors(input, todayIn(deps));
  if (Object.keys(errors).length > 0) throw new AppError('SITUATION_ROOM_INVALID_INSTRUCTION', { params: { fields: Object.keys(errors).join(', ') } });
  let recipientPath: string[] | undefined;
  if (input.recipientTerritory) {
    recipientPath = (await getTerritoryWithAncestors(deps, input.recipientTerritory)).map((t) => t.code);
    // A room instructs the territories it follows: itself and those below it.
    if (!recipientPath.includes(input.from)) throw new AppError('SITUATION_ROOM_INVALID_INSTRUCTION', { params: { fields: 'recipient' } });
  }
  const id = uuidv7();
  const recipient = recipientPath ? { territoryPath: recipientPath } : { agency: input.recipientAgency! };
  const sent = await insertInstructionAudited(
    deps.db,
    { id, itemKind: input.itemKind, itemRef: input.itemRef, territoryPath: path, recipient, body: input.body.trim(), dueOn: input.dueOn, sentBy: actor.accountId, requestKey: input.requestKey },
    {
      audit: {
        actor: { type: 'official', id: actor.accountId },
        action: 'situation_room.instruction_sent',
        subject: { type: 'instruction', id },
        data: { item: `${input.itemKind}:${input.itemRef}`, recipient: input.recipientTerritory ?? input.recipientAgency, dueOn: input.dueOn },
        requestId,
      },
      events: [
        {
          topic: 'situation_room.instruction_sent',
          payload: { instructionId: id, territoryPath: path, recipientTerritory: input.recipientTerritory ?? null, recipientAgency: input.recipientAgency ?? null, dueOn: input.dueOn },
        },
      ],
    },
  );
  if (sent) return sent;
  const existing = await findInstructionByKey(deps.db, actor.accountId, input.requestKey);
  if (!existing) throw new Error('an instruction with this request key vanished');
  return existing;
}

export interface InstructionView {
  instruction: Instruction;
  events: InstructionEvent[];
  operator: boolean;
  recipient: boolean;
}

/** An instruction for its operators and its recipients; a recipient's first look marks it received. */
export async function viewInstruction(deps: Deps, actor: Actor, id: string, requestId?: string): Promise<InstructionView> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('SITUATION_ROOM_INSTRUCTION_NOT_FOUND');
  let instruction = await findInstruction(deps.db, id);
  if (!instruction) throw new AppError('SITUATION_ROOM_INSTRUCTION_NOT_FOUND');
  const operator = isOperatorOver(actor.grants, instruction.territoryPath);
  const recipient = isRecipient(actor.grants, instruction);
  // Neither: as if it did not exist (no probing of ids).
  if (!operator && !recipient) throw new AppError('SITUATION_ROOM_INSTRUCTION_NOT_FOUND');
  if (recipient && instruction.status === 'sent') {
    await step(deps, actor, instruction, 'received', null, requestId);
    instruction = (await findInstruction(deps.db, id))!;
  }
  return { instruction, events: await listInstructionEvents(deps.db, id), operator, recipient };
}

async function step(deps: Deps, actor: Actor, instruction: Instruction, to: 'received' | 'acted' | 'answered', text: string | null, requestId?: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const moved = await advanceInstruction(trx, instruction.id, to, actor.accountId, text);
    if (!moved) return false;
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: `situation_room.instruction_${to}`,
      subject: { type: 'instruction', id: instruction.id },
      data: text === null ? {} : { length: text.length },
      requestId,
    });
    await emitEvent(trx, `situation_room.instruction_${to}`, { instructionId: instruction.id, territoryPath: instruction.territoryPath });
    await notify(trx, ROOM_TOPIC, { topic: `situation_room.instruction_${to}`, path: instruction.territoryPath.join('/') });
    return true;
  });
}

/** The recipient acts on (`acted`) or answers (`answered`) an instruction; an answer needs a text. Repeating a step changes nothing. */
export async function respondToInstruction(deps: Deps, actor: Actor, id: string, input: { to: 'acted' | 'answered'; text: string }, requestId?: string): Promise<Instruction> {
  const instruction = await findInstruction(deps.db, id);
  if (!instruction) throw new AppError('SITUATION_ROOM_INSTRUCTION_NOT_FOUND');
  if (!isRecipient(actor.grants, instruction)) {
    if (isOperatorOver(actor.grants, instruction.territoryPath)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
    throw new AppError('SITUATION_ROOM_INSTRUCTION_NOT_FOUND');
  }
  const text = input.text.trim();
  if (input.to === 'answered' && (text.length === 0 || text.length > 2000)) throw new AppError('SITUATION_ROOM_INVALID_INSTRUCTION', { params: { fields: 'answer' } });
  if (instruction.status === 'answered') throw new AppError('SITUATION_ROOM_INSTRUCTION_ANSWERED');
  if (instruction.status === 'sent') await step(deps, actor, instruction, 'received', null, requestId);
  await step(deps, actor, instruction, input.to, input.to === 'answered' ? text : text || null, requestId);
  return (await findInstruction(deps.db, id))!;
}

/** The instructions a room shows: those sent from it or below, or addressed to it or below (newest 50). */
export async function listRoomInstructions(deps: Deps, actor: Actor | null, territoryPath: string[]): Promise<Instruction[]> {
  if (!actor) return [];
  const code = territoryPath.at(-1)!;
  const all = await findInstructionsAround(deps.db, code, 50);
  return all.filter((i) => isOperatorOver(actor.grants, i.territoryPath) || isRecipient(actor.grants, i));
}

/** The scheduled job: marks overdue every unanswered instruction past its deadline (a day in the country's zone). */
export async function markOverdue(deps: Deps, now = new Date()): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const marked = await markOverdueInstructions(trx, todayIn(deps, now));
    for (const instruction of marked) {
      await recordAudit(trx, { actor: { type: 'system', id: 'situation_room' }, action: 'situation_room.instruction_overdue', subject: { type: 'instruction', id: instruction.id } });
      await emitEvent(trx, 'situation_room.instruction_overdue', { instructionId: instruction.id, territoryPath: instruction.territoryPath });
    }
    return marked.length;
  });
}

/** The mailbox notice to the agency's administrators (an agency recipient). */
export async function noticeRecipients(deps: Deps, instructionId: string, eventId: number): Promise<void> {
  const instruction = await findInstruction(deps.db, instructionId);
  if (!instruction || !('agency' in instruction.recipient)) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = { due: instruction.dueOn, text: instruction.body, url: `${deps.config.publicUrl}/sala/instrucciones/${instruction.id}` };
  const staff = await findAgencyStaff(deps, instruction.recipient.agency, ['agency_admin']);
  for (const person of staff) {
    await notifyAccount(deps, {
      accountId: person.id,
      agencyCode: instruction.recipient.agency,
      subject: t('situation_room.instruction.notice.subject', params),
      body: t('situation_room.instruction.notice.body', params),
      source: 'situation_room',
      key: `situation_room:${eventId}:${person.id}`,
    });
  }
}

/** What an item's public timeline shows of the instructions about it: when, to whom, the status (not their text). */
export function instructionsAbout(deps: Pick<Deps, 'dbRead'>, itemKind: Instruction['itemKind'], itemRef: string): Promise<Instruction[]> {
  return findInstructionsAbout(deps.dbRead, itemKind, itemRef);
}

/** The instructions about an item with their recipients' names (an agency's code, a territory's name), for its public page. */
export async function instructionsAboutNamed(deps: Deps, itemKind: Instruction['itemKind'], itemRef: string): Promise<Array<{ instruction: Instruction; recipient: string }>> {
  const about = await instructionsAbout(deps, itemKind, itemRef);
  return Promise.all(about.map(async (i) => ({ instruction: i, recipient: 'agency' in i.recipient ? i.recipient.agency : (await getTerritory(deps, i.recipient.territoryPath.at(-1)!)).name })));
}
