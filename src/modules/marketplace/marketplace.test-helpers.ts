// The marketplace's HTTP tests start the same app: the payments sandbox with the demo
// cooperative as a payee (its representative configures its settlement account) and a client of
// the post reporting tracking events.
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { findAccount, findAccountByIdentityDocument } from '../identity/index.ts';
import { configureUnitPayee } from '../payments/index.ts';
import { addProduct, applyToSell, decideSeller } from './marketplace.service.ts';
import { addPaymentsClient, clientToken, MERCHANT_SECRET, type PaymentsTestApp, startPaymentsApp } from '../payments/payments.test-helpers.ts';

/** The demo cooperative's registry key (NIT). */
export const COOPERATIVE = '4021587019';
/** The demo cooperative's vegetable basket. */
export const BASKET = '01900000-0000-7000-8000-00000000b002';

/**
 * The app, and the post's bearer token for `/api/v1/postal/shipments/{number}/events`. With
 * `skipSeedEvents`, the demo seed's pending outbox events (not the test's concern) are marked
 * dispatched: they would cost the first drain tens of seconds. `otherMerchants`: more sandbox
 * merchants (`m-<key>`), for payees the test configures itself.
 */
export async function startMarketplaceApp(options: { skipSeedEvents?: boolean; otherMerchants?: string[] } = {}): Promise<{ t: PaymentsTestApp; postToken: string }> {
  const t = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' }, { otherMerchants: [`UE-${COOPERATIVE}`, ...(options.otherMerchants ?? [])] });
  const official = (await findAccountByIdentityDocument(t.app.tambo.deps, 'CI', '3456789 LP'))!;
  await configureUnitPayee(
    t.app.tambo.deps,
    { id: official.id, documentNumber: '3456789 LP' },
    { unitKey: COOPERATIVE, treasuryAccount: 'BUN-2000', gatewayUrl: t.sandbox.url, merchantId: `m-UE-${COOPERATIVE}`, secret: MERCHANT_SECRET(`UE-${COOPERATIVE}`), collectingAgencies: [] },
  );
  const postToken = await clientToken(t, await addPaymentsClient(t, 'AGBC', ['postal:track']), 'postal:track');
  if (options.skipSeedEvents) await sql`UPDATE platform.outbox SET dispatched_at = now() WHERE dispatched_at IS NULL`.execute(t.app.tambo.deps.db);
  return { t, postToken };
}

/** A new person (platform administrator with `isPlatformAdmin`), signed in to the portal in a session of her own. */
export async function signedInPerson(t: PaymentsTestApp, name: string, extra: { isPlatformAdmin?: boolean } = {}) {
  const deps = t.app.tambo.deps;
  const documentNumber = newDocument();
  const email = `${name}-${documentNumber}@prueba.bo`.toLowerCase();
  const id = await testAccount(deps, { documentNumber, givenName: name, familyName: 'Prueba', email, ...extra });
  const browser = new HttpSession();
  await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  return { id, browser, account: (await findAccount(deps, id))! };
}

/**
 * A person selling as herself in La Paz (drops parcels at AGBC-LPZ), approved by a platform
 * administrator, with a scarf of Bs 120 (post or pickup, served in La Paz and Cochabamba) and
 * `stock` units.
 */
export async function personShopWithScarf(t: PaymentsTestApp, name: string, stock: string) {
  const deps = t.app.tambo.deps;
  const seller = await signedInPerson(t, name);
  const admin = await signedInPerson(t, 'Administra', { isPlatformAdmin: true });
  const shop = (await applyToSell(deps, seller.account, { as: 'self', originOffice: 'AGBC-LPZ', address: 'Calle Comercio 45, La Paz', description: 'Tejidos de alpaca' }))!;
  await decideSeller(deps, admin.account, shop.id, true);
  const product = (await addProduct(deps, seller.account, shop.id, {
    name: 'Chalina de alpaca',
    description: 'Tejida a mano',
    category: 'textiles',
    priceMinor: 12000,
    stock,
    delivery: ['post', 'pickup'],
    territories: ['BO-L', 'BO-C'],
  }))!;
  return { seller, shop, product };
}
