// The declarations of the module contract (docs/modules.md, "The contract"): roles, scopes,
// webhook topics, open data, personal data and overdue items. `defineModule` takes them; `checkModuleContract`
// (check.ts) refuses a bad one at start.
import type { Queryable } from '../db/index.ts';
import type { Deps } from '../module.ts';

/** What a role is granted over: one agency, one territory (and the territories below it), or the whole platform. */
export type RoleScope = 'agency' | 'territory' | 'platform';

export interface RoleDeclaration {
  /** snake_case, unique across modules (identity grants roles by this name). */
  name: string;
  scope: RoleScope;
  /** Message keys: the role's name and one sentence on what it lets someone do. */
  labelKey: string;
  hintKey: string;
}

/** One role a person holds: `agency` or `territory` is set according to the role's scope. */
export interface RoleGrant {
  role: string;
  agency?: string | null;
  territory?: string | null;
}

/** What an access token may carry: `module:action` (e.g. `mailbox:send`), shown on the consent page. */
export interface ScopeDeclaration {
  name: string;
  /** Message key of a plain-words sentence: what a system holding it may do. */
  descriptionKey: string;
  /**
   * Who may hold it (default `['person']`): `person`, a person gives it to a client on the
   * consent page (a user access token); `system`, an administrator grants it to an agency's
   * system as a right, which then obtains it by itself with the client credentials grant.
   */
  holders?: readonly ScopeHolder[];
}

export type ScopeHolder = 'person' | 'system';

/** A JSON Schema (draft 2020-12) object, kept as plain data. */
export type JsonSchema = Record<string, unknown>;

/** What agencies' systems can subscribe to: `module.event`, with the body they receive. */
export interface WebhookTopicDeclaration {
  name: string;
  descriptionKey: string;
  payload: JsonSchema;
}

/** A dataset that is not a statistic (a catalog, a register), published as open data. */
export interface OpenDatasetDeclaration {
  /** snake_case, unique in the module; published as `<module>.<id>`. */
  id: string;
  titleKey: string;
  descriptionKey: string;
  /** JSON Schema of one row. */
  schema: JsonSchema;
  /** How often the content changes, for re-users: 'live' (read on demand), 'daily', 'monthly'. */
  refresh: 'live' | 'daily' | 'monthly';
  /** Every row (public data only: nothing about a person). */
  rows: (deps: Deps) => Promise<Array<Record<string, unknown>>>;
}

/** One section of what a module holds about a person ("Mis datos"). */
export interface PersonalDataSection {
  /** Message key of the section's title. */
  titleKey: string;
  /** Plain JSON (strings, numbers, booleans, arrays, objects; dates as ISO strings). */
  data: unknown;
  /** The module's `erase` removes this section (the page offers it). */
  erasable?: boolean;
  /** Message key: why the law keeps this section (shown instead of an offer to erase it). */
  keptKey?: string;
}

export interface PersonalDataDeclaration {
  /** Message key of the heading the module's data go under on "Mis datos" (what the person knows it as). */
  titleKey?: string;
  /**
   * The agency that holds these data and answers a request to correct them (an agency code);
   * absent: the platform's operator (the country profile's `platformAgency`), for platform-wide modules.
   */
  holderAgency?: string;
  /** Fields the person may ask to correct and the holder may apply through `correct` (column → message key); none: the holder answers in words. */
  correctableFields?: Record<string, string>;
  /** Message key: the law or purpose under which the module keeps these data. */
  legalBasisKey: string;
  /** Message key: what the data are processed for (the register of processing activities). */
  purposeKey: string;
  /** Message key: how long the data are kept, and why (the register of processing activities). */
  retentionKey: string;
  /** Message keys naming the fields of the module's rows (column → key); a field without one is shown by its name. */
  fieldKeys?: Record<string, string>;
  /** Fields holding codes, shown in words: column → message key prefix (`{ status: 'reports.status.' }`); a code without a message is shown as stored. */
  valueKeys?: Record<string, string>;
  /** What the module holds about the account, as exportable sections (none: an empty list). */
  find: (deps: Deps, accountId: string) => Promise<PersonalDataSection[]>;
  /** Message key of the button that asks `erase` (naming what it erases: "Borrar mis alertas"). */
  eraseKey?: string;
  /**
   * Erases what the law allows to erase (the sections marked `erasable`), in the caller's
   * transaction; answers how many records it removed (0: there was nothing, e.g. a retry).
   */
  erase?: (deps: Deps, accountId: string, trx: Queryable) => Promise<number>;
  /** Corrects one field the person may correct (the module validates `field` and `value`). */
  correct?: (deps: Deps, accountId: string, correction: { field: string; value: unknown }, trx: Queryable) => Promise<void>;
}

/** One item past its legal time, as the situation room lists it ("the worst overdue items"). */
export interface OverdueItem {
  /** What it is, as the room's instructions name items (`report`, `case`): an operator may instruct about it. */
  kind: string;
  /** Its reference: public for public items (a report's number), a tracking code for cases. */
  ref: string;
  /** What it is about, without personal data (a report's category, a case's procedure), in the asked language. */
  title: string;
  /** The agency responsible for it, when known. */
  agency: string | null;
  /** The moment its legal time ran out. */
  dueAt: Date;
  /** Its page, for whoever may see the list; null when it has none open to them. */
  href: string | null;
}

export interface OverdueQuery {
  /** A territory's code (the items there and below), or null for the whole country. */
  territory: string | null;
  agency: string | null;
  now: Date;
  limit: number;
  locale: 'es' | 'en';
}

/** A module's items past their legal time, read by the situation room (never its tables). */
export interface OverdueDeclaration {
  /** Message key naming the kind of item ("Reportes"). */
  labelKey: string;
  /** Whether anyone may see them (public items) or only the room's operators. */
  public: boolean;
  /**
   * The most overdue first, at most `limit`; an item without a territory is listed only in the
   * national room. An indexed read of open items, bounded by `limit`: never a scan.
   */
  list: (deps: Deps, query: OverdueQuery) => Promise<OverdueItem[]>;
}

/** One public item with a point, as the situation room's map draws it. */
export interface MapPointItem {
  /** What it is, as the room's instructions name items (`report`, `project`). */
  kind: string;
  /** Its public reference (a report's number, a project's id). */
  ref: string;
  /** What it is about, without personal data (a report's category, a project's title), in the asked language. */
  title: string;
  lat: number;
  lon: number;
  /** Its public page. */
  href: string;
}

export interface MapPointQuery {
  /** A territory's code: the items there and below. */
  territory: string;
  limit: number;
  locale: 'es' | 'en';
}

/** A module's public items with coordinates, read by the situation room's map (never its tables). */
export interface MapPointsDeclaration {
  /** Message key naming the kind of item ("Reportes"). */
  labelKey: string;
  /**
   * Only items anyone may see (a hidden report never), the newest first, at most `limit`: an
   * indexed read bounded by `limit`, never a scan.
   */
  list: (deps: Deps, query: MapPointQuery) => Promise<MapPointItem[]>;
}
