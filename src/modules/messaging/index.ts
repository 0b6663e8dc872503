// Public surface of messaging: queue an e-mail or SMS in your transaction; read the
// development sink.
export { messagingModule } from './module.ts';
export { findSinkMessages, queueMessage } from './message.service.ts';
export type { Channel, MessageTransport, NewMessage, RenderedMessage, SinkMessage, TemplateKey } from './message.types.ts';
