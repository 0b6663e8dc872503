// The public figures of communal justice of peace (for the Sala): requests by territory and kind,
// cases ended by territory, kind and outcome (a referral is an outcome). Counts only: the content
// of a case is never published.
import { defineStats } from '../../platform/stats/stats.ts';

export const peaceJusticeStats = defineStats('peace_justice', {
  requests: { kind: 'count', unit: 'mediation requests', labelKey: 'peace_justice.contract.stat.requests', dimensions: ['territory', 'time', 'kind'], public: true },
  ended: { kind: 'count', unit: 'mediation cases', labelKey: 'peace_justice.contract.stat.ended', dimensions: ['territory', 'time', 'kind', 'outcome'], public: true },
});
