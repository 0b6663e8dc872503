// Emprendedores (docs/enterprises.md): free basic tools for small and community enterprises, for
// the person who represents an economic unit of the registries: a cash book (append-only), sales
// with the unit's own receipts, purchases, monthly summaries, a CSV export, fiscal invoices through
// the tax authority's adapter (a sandbox until a country's is configured), and payment orders the
// unit is paid through the payments module.
import { defineModule } from '../../platform/module.ts';
import { enterpriseStats } from './enterprises.stats.ts';
import { enterprisesPersonalData } from './personal-data.service.ts';
import { registerEnterprisePages } from './routes/pages.tsx';

export const enterprisesModule = defineModule({
  name: 'enterprises',
  dependsOn: ['identity', 'registries', 'payments'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    ENTERPRISES_NOT_REPRESENTATIVE: { status: 403, title: 'Only a representative of the economic unit may use its books' },
    ENTERPRISES_ALREADY_INVOICED: { status: 409, title: 'This sale already has an authorised invoice' },
    ENTERPRISES_FISCAL_NOT_CONFIGURED: { status: 503, title: 'The fiscal invoicing adapter has no credential in the keyring (KEYRING_FILE, purpose fiscal-invoicing)' },
  },
  routes: (app, deps) => registerEnterprisePages(app, deps),
  nav: [{ href: '/emprendedores', labelKey: 'enterprises.nav', audience: 'signedIn' }],
  stats: enterpriseStats,
  personalData: enterprisesPersonalData,
});
