// Public surface of electronic payments (Pagos electrónicos).
export { paymentsModule } from './module.ts';
export { findOrderOfCase } from './payments.service.ts';
export type { OrderStatus, PaymentOrder } from './payments.types.ts';
export { startDemoGateway } from './demo.ts';
