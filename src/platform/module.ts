// What a module declares. `src/modules.ts` lists the modules in order; `app.ts` wires each
// one's migrations, catalogs, error codes, routes, jobs, event handlers and seed.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { CountryProfile } from './country/profile.ts';
import type { Database } from './db/index.ts';
import type { ErrorTable } from './errors.ts';
import type { NotificationBus } from './events/bus.ts';
import type { DomainEvent } from './events/outbox.ts';
import type { Catalogs } from './i18n/i18n.ts';
import type { Keyring } from './keys/keyring.ts';
import type { TamboApp } from './http/app-types.ts';
import type pg from 'pg';
import type {
  MapPointsDeclaration,
  OpenDatasetDeclaration,
  OverdueDeclaration,
  PersonalDataDeclaration,
  RoleDeclaration,
  ScopeDeclaration,
  WebhookTopicDeclaration,
} from './contract/contract.types.ts';
import type { StatSet } from './stats/stats.types.ts';
import type { OpenDataSource } from './contract/open-data.ts';

export type * from './contract/contract.types.ts';

/** Everything a module's services receive; built once in app.ts. */
export interface Deps {
  config: Config;
  db: Database;
  /**
   * For reads that tolerate a little lag (public lists, statistics, the catalog, open data):
   * the streaming replica at DATABASE_REPLICA_URL, or the primary (`db`) when there is none.
   * Never for a read that decides a write, nor right after one (the replica may be behind).
   */
  dbRead: Database;
  pool: pg.Pool;
  log: FastifyBaseLogger;
  country: CountryProfile;
  catalogs: Catalogs;
  /** The cross-process notification bus (LISTEN/NOTIFY): cache invalidation, live views. */
  bus: NotificationBus;
  /** The platform keyring: sign, verify and publish with the platform's signing key (keys/keyring.ts). */
  keyring: Keyring;
  /** What every module publishes as open data (`openData` and public `stats`), and its rows: contract/open-data.ts. */
  openData: OpenDataSource;
}

export interface NavItem {
  href: string;
  /** Message key of the link text. */
  labelKey: string;
  /** `staff`: shown only to signed-in staff (`viewer.staff`); `signedIn`: to anyone signed in; everyone otherwise. */
  audience?: 'staff' | 'signedIn';
}

/**
 * A link a module adds to the administration home (`/admin`, identity's page listing the
 * areas each person may use), so that identity lists other modules' admin pages without
 * importing them. `audience` says who sees it; identity evaluates it against the person.
 */
export interface AdminLink {
  href: string;
  /** Message keys of the link text and of the sentence after it. */
  labelKey: string;
  textKey: string;
  /** 'platformAdmin': platform administrators only (the one audience needed so far). */
  audience: 'platformAdmin';
}

export interface ModuleDefinition {
  /** Also the module's PostgreSQL schema and the prefix of its message keys. */
  name: string;
  dependsOn?: string[];
  /** Folder of NNN_name.sql migrations. */
  migrations?: URL;
  /** Folder(s) with es.json and en.json (a large module may keep one per feature). */
  locales?: URL | URL[];
  errors?: ErrorTable;
  routes?: (app: TamboApp, deps: Deps) => void | Promise<void>;
  jobs?: Record<string, (payload: unknown, deps: Deps) => Promise<void>>;
  /**
   * Recurring jobs: job name (a key of `jobs`) → crontab time fields (e.g. "0 3 * * *" for 03:00 every day), in UTC.
   * Run by graphile-worker's cron: once per tick across every process.
   */
  schedule?: Record<string, string>;
  /** topic → subscriber name → handler; each runs as a retried job. */
  eventHandlers?: Record<string, Record<string, (event: DomainEvent, deps: Deps) => Promise<void>>>;
  /** Idempotent demo data for the configured country. */
  seed?: (deps: Deps) => Promise<void>;
  /** Links this module adds to the main navigation. */
  nav?: NavItem[];
  /** Links this module adds to the administration home (/admin), by audience. */
  adminLinks?: AdminLink[];

  // The contract (docs/modules.md, "The contract"); every declaration is checked at start.
  /** Figures the module keeps (`defineStats(name, …)`); the observatory and open data read only these. */
  stats?: StatSet;
  /** Datasets that are not statistics (catalogs, registers), served at /api/v1/open-data. */
  openData?: OpenDatasetDeclaration[];
  /** How to find, export, erase or correct what the module holds about a person ("Mis datos"). */
  personalData?: PersonalDataDeclaration;
  /** Its items past their legal time, for the situation room's list of the worst overdue. */
  overdue?: OverdueDeclaration;
  /** Its public items with coordinates, for the situation room's map of points. */
  mapPoints?: MapPointsDeclaration;
  /** Roles the module declares, each scoped to an agency, a territory or the platform; checked with `hasRole`. */
  roles?: RoleDeclaration[];
  /** What agencies' systems can subscribe to: `module.event` topics with their payload schema. */
  webhookTopics?: WebhookTopicDeclaration[];
  /** What access tokens can carry: `module:action`. */
  scopes?: ScopeDeclaration[];
}

export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) throw new Error(`module name must be snake_case: ${definition.name}`);
  return definition;
}

/** Checks names are unique and every dependency comes earlier in the list (no cycles). */
export function checkModuleOrder(modules: ModuleDefinition[]): void {
  const seen = new Set<string>();
  for (const module of modules) {
    if (seen.has(module.name)) throw new Error(`module ${module.name} is listed twice`);
    for (const dependency of module.dependsOn ?? []) {
      if (!seen.has(dependency)) throw new Error(`module ${module.name} depends on ${dependency}, which must be listed before it`);
    }
    seen.add(module.name);
  }
}
