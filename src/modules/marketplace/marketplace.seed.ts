// Demo data: the cooperative of Achocalla (a community producer of the registries' demo)
// approved as a seller, with two products, in the Bolivian profile. Idempotent (fixed ids).
import type { Deps } from '../../platform/module.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { offices, regions } from './marketplace.service.ts';
import { insertProduct, insertSeller, setSellerStatus } from './marketplace.queries.ts';

const SELLER_ID = '01900000-0000-7000-8000-00000000a001';
const DEMO = {
  bo: { unitKey: '4021587019', representative: '3456789 LP', office: 'AGBC-LPZ', territory: 'BO-L-01-05', path: ['BO-L', 'BO-L-01', 'BO-L-01-05'] },
} as const;

export async function seedMarketplace(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code as keyof typeof DEMO];
  if (!demo) return;
  const account = await findAccountByIdentityDocument(deps, 'CI', demo.representative);
  if (!account || !(await offices(deps)).some((o) => o.code === demo.office)) return;
  await insertSeller(deps.db, {
    id: SELLER_ID,
    kind: 'community',
    accountId: account.id,
    unitKey: demo.unitKey,
    name: 'Cooperativa Agrícola Achocalla',
    address: 'Achocalla',
    territoryCode: demo.territory,
    territoryPath: [...demo.path],
    registryEntry: { key: demo.unitKey, name: 'Cooperativa Agrícola Achocalla', legalForm: 'cooperativa', address: 'Achocalla', status: 'activa' },
    originOffice: demo.office,
    description: 'Productores de hortalizas y quinua de Achocalla.',
  });
  await setSellerStatus(deps.db, SELLER_ID, 'approved', account.id);
  const all = (await regions(deps)).map((t) => t.code);
  const product = (id: string, name: string, description: string, category: string, priceMinor: number, stock: number) =>
    insertProduct(deps.db, { id, sellerId: SELLER_ID, name, description, category, priceMinor, currency: deps.country.currency, stock, delivery: ['post', 'pickup'], territories: all });
  await product('01900000-0000-7000-8000-00000000b001', 'Quinua real orgánica (1 kg)', 'Quinua real lavada y seleccionada, cosechada por las familias de la cooperativa.', 'food', 3500, 40);
  await product('01900000-0000-7000-8000-00000000b002', 'Canasta de hortalizas', 'Lechuga, zanahoria, haba y cebolla de temporada, cosechadas el día del envío.', 'agriculture', 6000, 15);
}
