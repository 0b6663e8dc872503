import { defineModule } from '../../platform/module.ts';

// Consulta Popular (docs/consulta-popular.md): communities choose, by secret ballot, which of
// their proposals the State funds; one person one ballot, enforced by the database.
export const consultationsModule = defineModule({
  name: 'consultations',
  dependsOn: ['territories', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
});
