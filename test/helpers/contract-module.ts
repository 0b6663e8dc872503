// A module that fills in every contract declaration, for the platform's own tests (never in
// src/modules.ts). Its message keys live in test/fixtures/contract-module/locales.
import { defineModule } from '../../src/platform/module.ts';
import { defineStats } from '../../src/platform/stats/stats.ts';

export const contractTestStats = defineStats('contract_test', {
  filed: { kind: 'count', unit: 'requests', labelKey: 'contract_test.stat.filed', dimensions: ['agency', 'time'], public: true },
  hours: { kind: 'distribution', unit: 'hours', labelKey: 'contract_test.stat.hours', dimensions: ['agency'], buckets: [1, 4, 24, 72], public: true },
  internal: { kind: 'sum', unit: 'requests', labelKey: 'contract_test.stat.internal', dimensions: [], public: false },
});

/** What `personalData.find` answers, by account (the test fills it). */
export const contractTestRecords = new Map<string, string[]>();

export const contractTestModule = defineModule({
  name: 'contract_test',
  locales: new URL('../fixtures/contract-module/locales/', import.meta.url),
  stats: contractTestStats,
  openData: [
    {
      id: 'offices',
      titleKey: 'contract_test.dataset.offices',
      descriptionKey: 'contract_test.dataset.officesText',
      schema: { type: 'object', properties: { code: { type: 'string' }, address: { type: 'string' } }, required: ['code', 'address'] },
      refresh: 'daily',
      rows: async () => [
        { code: 'A', address: 'Calle 1' },
        { code: 'B', address: 'Calle 2' },
      ],
    },
  ],
  personalData: {
    legalBasisKey: 'contract_test.legal',
    purposeKey: 'contract_test.purpose',
    retentionKey: 'contract_test.retention',
    find: async (_deps, accountId) => [{ titleKey: 'contract_test.section', data: contractTestRecords.get(accountId) ?? [] }],
    eraseKey: 'contract_test.erase',
    erase: async (_deps, accountId) => (contractTestRecords.delete(accountId) ? 1 : 0),
  },
  roles: [{ name: 'contract_test_clerk', scope: 'agency', labelKey: 'contract_test.role.clerk', hintKey: 'contract_test.role.clerkHint' }],
  scopes: [{ name: 'contract_test:read', descriptionKey: 'contract_test.scope.read' }],
  webhookTopics: [{ name: 'contract_test.filed', descriptionKey: 'contract_test.topic.filed', payload: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } }],
});
