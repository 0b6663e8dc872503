// Public surface of training (Capacitación).
export { trainingModule } from './module.ts';
