// The start-up check of contract declarations: each bad declaration is named, with its module.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractTestModule } from '../../../test/helpers/contract-module.ts';
import { testConfig } from '../../../test/helpers/app.ts';
import { buildApp } from '../../app.ts';
import { loadCatalogs } from '../i18n/i18n.ts';
import { defineModule, type ModuleDefinition } from '../module.ts';
import { defineStats } from '../stats/stats.ts';
import { checkModuleContract, contractProblems } from './check.ts';

const catalogs = loadCatalogs([new URL('../../../test/fixtures/contract-module/locales/', import.meta.url)]);
const problemsOf = (...modules: ModuleDefinition[]) => contractProblems(modules, catalogs);

describe('module contract check', () => {
  it('accepts a module that fills in every declaration', () => {
    assert.deepEqual(problemsOf(contractTestModule), []);
  });

  it('names roles declared twice, bad scopes and missing message keys', () => {
    const other = defineModule({
      name: 'other',
      roles: [
        { name: 'contract_test_clerk', scope: 'agency', labelKey: 'contract_test.role.clerk', hintKey: 'contract_test.role.clerkHint' },
        { name: 'Boss', scope: 'galaxy' as never, labelKey: 'other.nope', hintKey: 'contract_test.role.clerkHint' },
      ],
    });
    const problems = problemsOf(contractTestModule, other);
    assert.ok(problems.includes('other: role contract_test_clerk is already declared by contract_test'), problems.join('\n'));
    assert.ok(problems.includes('other: role Boss must be snake_case'));
    assert.ok(problems.includes('other: role Boss has scope galaxy; use agency, territory or platform'));
    assert.ok(problems.includes('other: role Boss names message key other.nope, which no catalog defines'));
  });

  it('requires scopes and webhook topics to carry the module name as prefix', () => {
    const module = defineModule({
      name: 'other',
      scopes: [{ name: 'cases:read', descriptionKey: 'contract_test.scope.read' }],
      webhookTopics: [{ name: 'contract_test.filed', descriptionKey: 'contract_test.topic.filed', payload: { type: 'string' } }],
    });
    assert.deepEqual(problemsOf(module), [
      'other: scope cases:read must be named other:action',
      'other: webhook topic contract_test.filed must be named other.event',
      'other: webhook topic contract_test.filed needs a JSON Schema of type object for its payload',
    ]);
  });

  it('checks statistics: bound to their module, buckets ascending, only distributions have buckets, publishAs on free dimensions', () => {
    const stats = {
      ...defineStats('elsewhere', { moved: { kind: 'count', unit: 'x', labelKey: 'contract_test.stat.filed', dimensions: [], public: true } }),
      ...defineStats('other', {
        hours: { kind: 'distribution', unit: 'h', labelKey: 'contract_test.stat.hours', dimensions: ['agency', 'agency'], buckets: [4, 1], public: true },
        sums: { kind: 'sum', unit: 'h', labelKey: 'contract_test.stat.hours', dimensions: [], buckets: [1], public: false },
        named: {
          kind: 'count',
          unit: 'x',
          labelKey: 'contract_test.stat.filed',
          dimensions: ['agency', 'office'],
          publishAs: { agency: async () => new Map(), office: async () => new Map() },
          public: true,
        },
      }),
    };
    assert.deepEqual(problemsOf(defineModule({ name: 'other', stats })), [
      "other: stat moved is bound to elsewhere.moved; use defineStats('other', …)",
      'other: stat hours: a dimension is listed twice',
      'other: stat hours: bucket edges must be finite and ascending',
      'other: stat sums: only a distribution has buckets',
      'other: stat named: publishAs names agency, which is not a free dimension of the figure',
    ]);
    const clash = defineModule({
      name: 'other',
      stats: defineStats('other', { offices: { kind: 'count', unit: 'x', labelKey: 'contract_test.stat.filed', dimensions: [], public: true } }),
      openData: [{ id: 'offices', titleKey: 'contract_test.dataset.offices', descriptionKey: 'contract_test.dataset.offices', schema: { type: 'object' }, refresh: 'live', rows: async () => [] }],
    });
    assert.deepEqual(problemsOf(clash), ['other: public stat offices and open dataset offices would publish under the same name; rename one']);
  });

  it('checks open datasets and personal data', () => {
    const module = defineModule({
      name: 'other',
      openData: [{ id: 'Offices', titleKey: 'contract_test.dataset.offices', descriptionKey: 'x.y', schema: {}, refresh: 'weekly' as never, rows: async () => [] }],
      personalData: {
        legalBasisKey: 'x.law',
        purposeKey: 'x.purpose',
        retentionKey: 'contract_test.retention',
        fieldKeys: { given_name: 'x.givenName' },
        valueKeys: { status: 'x.status.' },
        find: async () => [],
        erase: async () => 0,
      },
    });
    assert.deepEqual(problemsOf(module), [
      'other: open dataset Offices must be snake_case',
      'other: open dataset Offices names message key x.y, which no catalog defines',
      'other: open dataset Offices needs a JSON Schema of type object for its rows',
      'other: open dataset Offices has refresh weekly; use live, daily or monthly',
      'other: personalData names message key x.law, which no catalog defines',
      'other: personalData purpose names message key x.purpose, which no catalog defines',
      'other: personalData declares erase without an eraseKey (the button that asks for it)',
      'other: personalData field given_name names message key x.givenName, which no catalog defines',
      'other: personalData values of status name message keys x.status.…, which no catalog defines',
    ]);
    assert.throws(() => checkModuleContract([module], catalogs), /module declarations are not valid:\n {2}- other: open dataset Offices must be snake_case/);
  });

  it('wants every module that declares personal data to say its purpose, legal basis and retention (the register of processing activities)', () => {
    const declaration = contractTestModule.personalData!;
    const { purposeKey: _purpose, retentionKey: _retention, ...bare } = declaration;
    const module = defineModule({ name: 'other', personalData: { ...bare, legalBasisKey: undefined } as never });
    assert.deepEqual(problemsOf(module), [
      'other: personalData names message key (none), which no catalog defines',
      'other: personalData needs a purposeKey (what the data are processed for)',
      'other: personalData needs a retentionKey (how long the data are kept)',
    ]);
  });

  it('stops the start with a clear message when a declaration is bad', async () => {
    const bad = defineModule({ name: 'bad_module', scopes: [{ name: 'other:read', descriptionKey: 'bad.key' }] });
    const config = testConfig({ databaseUrl: 'postgres://nobody@127.0.0.1:1/never' });
    await assert.rejects(buildApp(config, { modules: [bad], background: false }), /bad_module: scope other:read must be named bad_module:action/);
  });
});
