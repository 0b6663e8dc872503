// The marketplace's HTTP tests start the same app: the payments sandbox with the demo
// cooperative as a payee (its representative configures its settlement account) and a client of
// the post reporting tracking events.
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { configureUnitPayee } from '../payments/index.ts';
import { addPaymentsClient, clientToken, MERCHANT_SECRET, type PaymentsTestApp, startPaymentsApp } from '../payments/payments.test-helpers.ts';

/** The demo cooperative's registry key (NIT). */
export const COOPERATIVE = '4021587019';

/** The app, and the post's bearer token for `/api/v1/postal/shipments/{number}/events`. */
export async function startMarketplaceApp(): Promise<{ t: PaymentsTestApp; postToken: string }> {
  const t = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' }, { otherMerchants: [`UE-${COOPERATIVE}`] });
  const official = (await findAccountByIdentityDocument(t.app.tambo.deps, 'CI', '3456789 LP'))!;
  await configureUnitPayee(
    t.app.tambo.deps,
    { id: official.id, documentNumber: '3456789 LP' },
    { unitKey: COOPERATIVE, treasuryAccount: 'BUN-2000', gatewayUrl: t.sandbox.url, merchantId: `m-UE-${COOPERATIVE}`, secret: MERCHANT_SECRET(`UE-${COOPERATIVE}`), collectingAgencies: [] },
  );
  const postToken = await clientToken(t, await addPaymentsClient(t, 'AGBC', ['postal:track']), 'postal:track');
  return { t, postToken };
}
