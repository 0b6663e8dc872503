// Public surface of the citizen's mailbox (Buzón digital).
export { mailboxModule } from './module.ts';
export { deliverMessage, notifyAccount, type PlatformNotice } from './mailbox.service.ts';
export type { Attachment, Message, MessageStatus } from './mailbox.types.ts';
export { MAILBOX_SEND_SCOPE } from './mailbox.types.ts';
export { claimHeldMessages, messagesToPost, type PostCandidate, recordPostalDispatch, recordPostalEvent } from './official-mail.service.ts';
export { deliverToUnit } from './mailbox.service.ts';
/** Empresa digital: the mailbox of an economic unit, read by its current representatives. */
export { listUnitMessages, notifyUnit, openUnitMessage, type UnitReader } from './unit-mailbox.service.ts';
