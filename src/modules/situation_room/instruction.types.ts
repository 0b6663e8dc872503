// Instructions the room sends: followed like a case (sent → received → acted on → answered;
// overdue when the deadline passes unanswered).

export const INSTRUCTION_STATUSES = ['sent', 'received', 'acted', 'answered'] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];
export const ITEM_KINDS = ['territory', 'report', 'case', 'clap_delivery', 'aca_action'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** The territory-scoped role of those who act on the room's instructions for a territory (a commune's spokespeople). */
export const ROOM_RESPONDER = 'room_responder';

export type Recipient = { territoryPath: string[] } | { agency: string };

export interface Instruction {
  id: string;
  itemKind: ItemKind;
  itemRef: string;
  /** The room it was sent from, top level first. */
  territoryPath: string[];
  recipient: Recipient;
  body: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  status: InstructionStatus;
  overdue: boolean;
  answer: string | null;
  sentBy: string;
  createdAt: Date;
}

export interface InstructionEvent {
  kind: 'sent' | 'received' | 'acted' | 'answered' | 'overdue';
  text: string | null;
  createdAt: Date;
}

export interface NewInstruction {
  /** The room's territory code it is sent from. */
  from: string;
  itemKind: ItemKind;
  itemRef: string;
  /** A territory code (within the room) or an agency code. */
  recipientTerritory?: string;
  recipientAgency?: string;
  body: string;
  dueOn: string;
  /** The form's one-time key: a replayed submission sends once. */
  requestKey: string;
}
