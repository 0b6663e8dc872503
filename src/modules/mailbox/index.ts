// Public surface of the citizen's mailbox (Buzón digital).
export { mailboxModule } from './module.ts';
export { deliverMessage, notifyAccount, type PlatformNotice } from './mailbox.service.ts';
export type { Attachment, Message, MessageStatus } from './mailbox.types.ts';
export { MAILBOX_SEND_SCOPE } from './mailbox.types.ts';
export { claimHeldMessages, messagesToPost, type PostCandidate, recordPostalDispatch, recordPostalEvent } from './official-mail.service.ts';
