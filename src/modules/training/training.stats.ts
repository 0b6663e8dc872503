// The figures of training (docs/modules.md, "stats"): completions by entity, programme, course
// and audience, and guided attendance at Infocentros. Public. A completion is not a sensitive
// fact about a person and the `001` goal is counted by entity, so small cells are shown
// (suppressBelow 1): an entity that trained one servant shows one.
import { defineStats } from '../../platform/stats/stats.ts';

export const trainingStats = defineStats('training', {
  completions: {
    kind: 'count',
    unit: 'completions',
    labelKey: 'training.contract.stat.completions',
    dimensions: ['agency', 'time', 'programme', 'course', 'audience'],
    public: true,
    suppressBelow: 1,
  },
  guided_attendance: {
    kind: 'count',
    unit: 'attendances',
    labelKey: 'training.contract.stat.attendance',
    dimensions: ['agency', 'time', 'course'],
    public: true,
    suppressBelow: 1,
  },
  // The `001` goal: the share of entities' advice requests answered within the legal time is
  // advice_answered_in_time / advice_requested (by entity and kind of advice).
  advice_requested: {
    kind: 'count',
    unit: 'requests',
    labelKey: 'training.contract.stat.adviceRequested',
    dimensions: ['agency', 'time', 'kind'],
    public: true,
    suppressBelow: 1,
  },
  advice_answered_in_time: {
    kind: 'count',
    unit: 'requests',
    labelKey: 'training.contract.stat.adviceInTime',
    dimensions: ['agency', 'time', 'kind'],
    public: true,
    suppressBelow: 1,
  },
});
