// Public surface of postal tracking (docs/postal.md).
export { postalModule } from './module.ts';
export { postAgency, postOffices, registerShipment, type ShipmentInput } from './postal.service.ts';
export { checkS10, makeS10 } from './s10.ts';
export { owedTo } from './settlement.service.ts';
