// Public surface of the exchange (X-Road-like interoperability, docs/interoperability.md).
export { interopModule } from './module.ts';
export { startDemoProducer, type DemoProducer } from './sandbox/server.ts';
/** The platform's own reads through the exchange for an agency, about a person (the portal's once-only prefill). */
export { readForAgency, type AgencyRead } from './agency-call.service.ts';
/** Demo mode: the demo external producer on PORT + 2 (src/main.ts). */
export { startDemoInteropProducer } from './demo.ts';
