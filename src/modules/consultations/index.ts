// Public surface of the Consulta Popular.
export { consultationsModule } from './module.ts';
