// Public surface of the exchange (X-Road-like interoperability, docs/interoperability.md).
export { interopModule } from './module.ts';
export { startDemoProducer, type DemoProducer } from './sandbox/server.ts';
