// Domain types of the exchange (docs/interoperability.md). No I/O.

export const INTEROP_SCOPES = {
  /** A consumer subsystem calls services through the exchange (and downloads its evidence). */
  call: 'interop:call',
  /** A producer's system publishes its services and grants or revokes access to them. */
  manage: 'interop:manage',
} as const;

export const MEMBER_CLASS = 'GOV';
export const CLASSIFICATIONS = ['public', 'internal', 'personal', 'sensitive'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type GrantMethod = (typeof METHODS)[number];

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM`: who calls. */
export interface ClientId {
  instance: string;
  memberClass: string;
  member: string;
  subsystem: string;
}

export interface Subsystem {
  memberCode: string;
  code: string;
  clientId: string;
}

export interface Service {
  id: string;
  memberCode: string;
  subsystemCode: string;
  code: string;
  title: string;
  baseUrl: string;
  openapi: Record<string, unknown>;
  legalBasis: string;
  classification: Classification;
  conditions: string;
  sourceLabel: string;
  publishedAt: Date;
}

export interface Grant {
  clientMember: string;
  clientSubsystem: string;
  method: GrantMethod;
  path: string;
}

export const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/** Parses `INSTANCE/CLASS/MEMBER/SUBSYSTEM`; undefined when malformed. */
export function parseClientHeader(value: string | undefined): ClientId | undefined {
  const parts = (value ?? '').split('/');
  if (parts.length !== 4 || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  const [instance, memberClass, member, subsystem] = parts as [string, string, string, string];
  return { instance, memberClass, member, subsystem };
}

export const clientHeader = (c: ClientId): string => `${c.instance}/${c.memberClass}/${c.member}/${c.subsystem}`;

/** Whether a grant covers a call: the method ('*' any) and the path (exact, or a prefix ending in '*'; '/' alone is the whole service). */
export function grantCovers(grant: Pick<Grant, 'method' | 'path'>, method: string, path: string): boolean {
  if (grant.method !== '*' && grant.method !== method) return false;
  if (grant.path === '/') return true;
  if (grant.path.endsWith('*')) return path.startsWith(grant.path.slice(0, -1));
  return path === grant.path;
}

/** The exchange's instance in this country profile: `BO` or `VE`. */
export const instanceOf = (countryCode: string): string => countryCode.toUpperCase();
