// Public surface of signed documents (Documentos electrónicos).
export { documentsModule } from './module.ts';
