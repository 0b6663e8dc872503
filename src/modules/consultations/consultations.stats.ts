// The figures of the Consulta Popular (docs/modules.md, "stats"): ballots by unit territory,
// channel and hour. Never per person, and never what was chosen.
import { defineStats } from '../../platform/stats/stats.ts';

export const consultationStats = defineStats('consultations', {
  ballots_cast: { kind: 'count', unit: 'ballots', labelKey: 'consultations.stats.ballots', dimensions: ['territory', 'time', 'consultation', 'channel'], public: true },
});
