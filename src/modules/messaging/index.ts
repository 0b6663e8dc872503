// Public surface of messaging: queue an e-mail or SMS in your transaction; read the
// development sink (and show it: the demo's messages page).
export { messagingModule } from './module.ts';
export { RECENT_SINK_MESSAGES, findSinkMessages, queueMessage, recentSinkMessages } from './message.service.ts';
export { SinkMessagesPage } from './views/sink.views.tsx';
export type { Channel, MessageTransport, NewMessage, RenderedMessage, SinkMessage, TemplateKey } from './message.types.ts';
