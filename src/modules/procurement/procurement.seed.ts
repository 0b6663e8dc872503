// Demo data (bo): one need of the feria a la inversa open for offers, reserved for community
// producers. Idempotent by title and entity. Its opening key is not kept (nobody can open the
// demo's offers: that is the point); publish another from /compras/nueva to follow a whole process.
import type { Deps } from '../../platform/module.ts';
import { publishTenderAs, searchTenders } from './procurement.service.ts';

const SEED_ACCOUNT = '00000000-0000-7000-8000-000000000000';
const DEMO = {
  bo: {
    agencyCode: 'GAMEA',
    title: 'Leche fluida para el desayuno escolar',
    description: 'Leche entera pasteurizada en bolsas de 1 litro para las unidades educativas del distrito 8.',
    cpvCode: '15511000-3',
    quantity: '12000',
    unit: 'litros',
    territoryCode: 'BO-L',
    deliveryPlace: 'Almacén central del GAMEA, avenida Juan Pablo II',
    referenceAmount: '84000.00',
    reserved: 'community',
  },
} as const;

export async function seedProcurement(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code as keyof typeof DEMO];
  if (!demo) return;
  if ((await searchTenders({ ...deps, dbRead: deps.db }, { agency: demo.agencyCode, q: demo.title })).length > 0) return;
  const deadline = new Date(Date.now() + 30 * 86_400_000);
  const delivery = new Date(deadline.getTime() + 15 * 86_400_000).toISOString().slice(0, 10);
  await publishTenderAs(deps, SEED_ACCOUNT, { ...demo, deadline: deadline.toISOString(), deliveryDate: delivery });
}
