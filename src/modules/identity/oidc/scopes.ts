// The scopes the provider knows, each with the message key of the plain-words sentence the
// consent page shows: OpenID Connect's and Tambo's claim scopes (claims.ts), and every
// `module:action` scope the modules declare in their contract (docs/api-auth.md). Identity
// cannot import the modules: registerIdentity hands it their declarations at start.
import type { ModuleDefinition } from '../../../platform/module.ts';
import { claimScopesOf, SCOPES } from './claims.ts';
import { ADMIN_SCOPE } from './provider.ts';

export interface KnownScope {
  name: string;
  /** Message key of the sentence shown on the consent page and the administration's client form. */
  labelKey: string;
}

interface ModuleScope extends KnownScope {
  /** A person may give it to a client (consent page). */
  person: boolean;
  /** An administrator may grant it to an agency's system as a right (client credentials grant). */
  system: boolean;
}

const labelled = (names: readonly string[]): KnownScope[] => names.map((name) => ({ name, labelKey: `identity.scope.${name}` }));
let claimScopes: KnownScope[] = labelled(SCOPES);
let moduleScopes: ModuleScope[] = [];

/**
 * Takes the claim scopes of the country profile (AGETIC's in Bolivia) and the scopes the
 * modules declare (once at start; the same lists for every app in a process).
 */
export function useModuleScopes(modules: ModuleDefinition[], country: string): void {
  claimScopes = labelled(claimScopesOf(country));
  moduleScopes = modules.flatMap((m) =>
    (m.scopes ?? []).map((s) => {
      const holders = s.holders ?? ['person'];
      return { name: s.name, labelKey: s.descriptionKey, person: holders.includes('person'), system: holders.includes('system') };
    }),
  );
}

/** Every scope the provider accepts in a request (the administration scope included). */
export function providerScopes(): string[] {
  return [...new Set([...claimScopes.map((s) => s.name), ...moduleScopes.map((s) => s.name), ADMIN_SCOPE])];
}

/**
 * The scopes an administrator may allow a client to ask a person for, in a stable order:
 * the claim scopes, then the modules' that a person may give (a scope only systems hold,
 * such as `mailbox:send`, is no person's to give: it is a right, see `systemRights`).
 */
export function grantableScopes(): KnownScope[] {
  return [...claimScopes, ...moduleScopes.filter((s) => s.person).map(({ name, labelKey }) => ({ name, labelKey }))];
}

/**
 * The machine rights an administrator may grant an agency's system, in the modules' order:
 * every module scope declared with the `system` holder (`mailbox:send`, `cases:feed`, …).
 * A client holding any obtains them with the client credentials grant (docs/api-auth.md).
 */
export function systemRights(): KnownScope[] {
  return moduleScopes.filter((s) => s.system).map(({ name, labelKey }) => ({ name, labelKey }));
}

/** Whether a scope releases data about the person (a claim scope), rather than allowing an action. */
export function isClaimScope(name: string): boolean {
  return claimScopes.some((s) => s.name === name);
}

/** The message key describing a scope in plain words (undefined for one nobody declared). */
export function scopeLabelKey(name: string): string | undefined {
  return [...claimScopes, ...moduleScopes].find((s) => s.name === name)?.labelKey;
}
