// Public surface of the Consulta Popular.
export { consultationsModule } from './module.ts';
/** Every anonymous ballot of a consultation (bench/consultations.ts times the results from them). */
export { listBallotsForBench } from './consultations.service.ts';
