// Demo data (DEMO=true): every agency is a payee with a merchant account at the sandbox gateway
// that `npm start` runs beside Tambo (demo.ts). Orders then come from applications to
// procedures with a fixed fee, as in production.
import type { Deps } from '../../platform/module.ts';
import { listAgencies } from '../agencies/index.ts';
import { demoGatewayUrl, demoMerchantId, demoMerchantSecret } from './demo.ts';
import { configurePayee, findPayee } from './payments.service.ts';

export async function seedPayments(deps: Deps): Promise<void> {
  for (const agency of await listAgencies(deps)) {
    if (await findPayee(deps, agency.code)) continue;
    const merchantId = demoMerchantId(agency.code);
    await configurePayee(deps, {
      agencyCode: agency.code,
      treasuryAccount: `CUT-${agency.code}`,
      gatewayUrl: demoGatewayUrl(deps.config),
      merchantId,
      secret: demoMerchantSecret(deps.config, merchantId)!,
    });
  }
}
