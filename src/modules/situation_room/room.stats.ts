// The room's own figures: room-only (not public), shown to its operators beside every module's.
import { defineStats } from '../../platform/stats/stats.ts';

export const roomStats = defineStats('situation_room', {
  announcements: {
    kind: 'count',
    unit: 'changes',
    labelKey: 'situation_room.stat.announcements',
    dimensions: ['territory', 'time'],
    public: false,
  },
  reports_in_layer: {
    kind: 'count',
    unit: 'reports',
    labelKey: 'situation_room.stat.reportsInLayer',
    dimensions: ['territory', 'time', 'layer', 'feature'],
    public: true,
  },
});
