// The marketplace's public figures: sales (paid orders) and their amount by the buyer's territory
// (the destination office's path) and the seller's kind; deliveries likewise.
import { defineStats } from '../../platform/stats/stats.ts';

const dimensions = ['territory', 'time', 'seller_kind'];

export const marketplaceStats = defineStats('marketplace', {
  sales: { kind: 'count', unit: 'orders', labelKey: 'marketplace.contract.stat.sales', dimensions, public: true },
  sales_amount: { kind: 'sum', unit: 'minor units of the country currency', labelKey: 'marketplace.contract.stat.salesAmount', dimensions, public: true },
  delivered: { kind: 'count', unit: 'orders', labelKey: 'marketplace.contract.stat.delivered', dimensions, public: true },
});
