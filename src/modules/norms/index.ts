// Public surface of the public consultation of norms, plans and policies (docs/projects.md).
export { normsModule } from './module.ts';
