// The start-up check of every module's contract declarations: names well formed and unique,
// prefixes matching the module, message keys present, statistics consistent. A bad
// declaration stops the start with the full list of problems.
import type { Catalogs } from '../i18n/i18n.ts';
import type { ModuleDefinition } from '../module.ts';
import { statProblems } from '../stats/stats.types.ts';

const SNAKE = /^[a-z][a-z0-9_]*$/;
const ROLE_SCOPES = ['agency', 'territory', 'platform'];
const REFRESH = ['live', 'daily', 'monthly'];

/** Every problem of the modules' contract declarations (empty when all are well formed). */
export function contractProblems(modules: readonly ModuleDefinition[], catalogs: Catalogs): string[] {
  const problems: string[] = [];
  const roles = new Map<string, string>();
  const names = new Set<string>();
  const key = (module: string, what: string, messageKey: string | undefined) => {
    if (!messageKey || !catalogs.es.has(messageKey)) problems.push(`${module}: ${what} names message key ${messageKey ?? '(none)'}, which no catalog defines`);
  };
  const unique = (module: string, kind: string, name: string) => {
    if (names.has(`${kind}:${name}`)) problems.push(`${module}: ${kind} ${name} is declared twice`);
    names.add(`${kind}:${name}`);
  };

  for (const module of modules) {
    const m = module.name;
    for (const role of module.roles ?? []) {
      if (!SNAKE.test(role.name)) problems.push(`${m}: role ${role.name} must be snake_case`);
      const owner = roles.get(role.name);
      if (owner) problems.push(`${m}: role ${role.name} is already declared by ${owner}`);
      roles.set(role.name, m);
      if (!ROLE_SCOPES.includes(role.scope)) problems.push(`${m}: role ${role.name} has scope ${String(role.scope)}; use agency, territory or platform`);
      key(m, `role ${role.name}`, role.labelKey);
      key(m, `role ${role.name}`, role.hintKey);
    }
    for (const scope of module.scopes ?? []) {
      if (!new RegExp(`^${m}:[a-z][a-z0-9_]*$`).test(scope.name)) problems.push(`${m}: scope ${scope.name} must be named ${m}:action`);
      unique(m, 'scope', scope.name);
      key(m, `scope ${scope.name}`, scope.descriptionKey);
      if (scope.holders && (scope.holders.length === 0 || scope.holders.some((h) => h !== 'person' && h !== 'system'))) {
        problems.push(`${m}: scope ${scope.name} has holders ${scope.holders.join(', ')}; use person and/or system`);
      }
    }
    for (const topic of module.webhookTopics ?? []) {
      if (!new RegExp(`^${m}\\.[a-z][a-z0-9_]*$`).test(topic.name)) problems.push(`${m}: webhook topic ${topic.name} must be named ${m}.event`);
      unique(m, 'webhook topic', topic.name);
      key(m, `webhook topic ${topic.name}`, topic.descriptionKey);
      if (topic.payload?.type !== 'object') problems.push(`${m}: webhook topic ${topic.name} needs a JSON Schema of type object for its payload`);
    }
    for (const dataset of module.openData ?? []) {
      if (!SNAKE.test(dataset.id)) problems.push(`${m}: open dataset ${dataset.id} must be snake_case`);
      unique(m, 'open dataset', `${m}.${dataset.id}`);
      key(m, `open dataset ${dataset.id}`, dataset.titleKey);
      key(m, `open dataset ${dataset.id}`, dataset.descriptionKey);
      if (dataset.schema?.type !== 'object') problems.push(`${m}: open dataset ${dataset.id} needs a JSON Schema of type object for its rows`);
      if (!REFRESH.includes(dataset.refresh)) problems.push(`${m}: open dataset ${dataset.id} has refresh ${String(dataset.refresh)}; use live, daily or monthly`);
      if (typeof dataset.rows !== 'function') problems.push(`${m}: open dataset ${dataset.id} has no rows function`);
    }
    if (module.personalData) {
      key(m, 'personalData', module.personalData.legalBasisKey);
      // The register of processing activities lists every module's purpose, legal basis and retention.
      if (!module.personalData.purposeKey) problems.push(`${m}: personalData needs a purposeKey (what the data are processed for)`);
      else key(m, 'personalData purpose', module.personalData.purposeKey);
      if (!module.personalData.retentionKey) problems.push(`${m}: personalData needs a retentionKey (how long the data are kept)`);
      else key(m, 'personalData retention', module.personalData.retentionKey);
      if (module.personalData.titleKey !== undefined) key(m, 'personalData', module.personalData.titleKey);
      if (module.personalData.eraseKey !== undefined) key(m, 'personalData', module.personalData.eraseKey);
      if (module.personalData.erase && !module.personalData.eraseKey) problems.push(`${m}: personalData declares erase without an eraseKey (the button that asks for it)`);
      for (const [field, fieldKey] of Object.entries(module.personalData.fieldKeys ?? {})) key(m, `personalData field ${field}`, fieldKey);
      for (const [field, prefix] of Object.entries(module.personalData.valueKeys ?? {})) {
        if (![...catalogs.es.keys()].some((k) => k.startsWith(prefix))) problems.push(`${m}: personalData values of ${field} name message keys ${prefix}…, which no catalog defines`);
      }
      if (typeof module.personalData.find !== 'function') problems.push(`${m}: personalData needs a find function`);
    }
    if (module.overdue) {
      key(m, 'overdue', module.overdue.labelKey);
      if (typeof module.overdue.list !== 'function') problems.push(`${m}: overdue needs a list function`);
    }
    if (module.mapPoints) {
      key(m, 'mapPoints', module.mapPoints.labelKey);
      if (typeof module.mapPoints.list !== 'function') problems.push(`${m}: mapPoints needs a list function`);
    }
    for (const [name, stat] of Object.entries(module.stats ?? {})) {
      if (stat.module !== m || stat.name !== name) problems.push(`${m}: stat ${name} is bound to ${stat.module}.${stat.name}; use defineStats('${m}', …)`);
      problems.push(...statProblems(stat));
      key(m, `stat ${name}`, stat.labelKey);
      // A public figure is published under its name, as a dataset is: the two would overwrite
      // each other's snapshot on every publication.
      if (stat.public && (module.openData ?? []).some((dataset) => dataset.id === name))
        problems.push(`${m}: public stat ${name} and open dataset ${name} would publish under the same name; rename one`);
    }
  }
  return problems;
}

/** Throws with every problem listed when a declaration is bad (called by buildApp). */
export function checkModuleContract(modules: readonly ModuleDefinition[], catalogs: Catalogs): void {
  const problems = contractProblems(modules, catalogs);
  if (problems.length > 0) throw new Error(`module declarations are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
