// The scopes the provider knows, each with the message key of the plain-words sentence the
// consent page shows: OpenID Connect's and Tambo's claim scopes (claims.ts), and every
// `module:action` scope the modules declare in their contract (docs/api-auth.md). Identity
// cannot import the modules: registerIdentity hands it their declarations at start.
import type { ModuleDefinition } from '../../../platform/module.ts';
import { SCOPES } from './claims.ts';
import { ADMIN_SCOPE, MAILBOX_SEND_SCOPE } from './provider.ts';

export interface KnownScope {
  name: string;
  /** Message key of the sentence shown on the consent page and the administration's client form. */
  labelKey: string;
}

const claimScopes: KnownScope[] = SCOPES.map((name) => ({ name, labelKey: `identity.scope.${name}` }));
let moduleScopes: KnownScope[] = [];

/** Takes the scopes the modules declare (once at start; the same list for every app in a process). */
export function useModuleScopes(modules: ModuleDefinition[]): void {
  moduleScopes = modules.flatMap((m) => (m.scopes ?? []).map((s) => ({ name: s.name, labelKey: s.descriptionKey })));
}

/** Every scope the provider accepts in a request (the administration scope included). */
export function providerScopes(): string[] {
  return [...new Set([...SCOPES, ...moduleScopes.map((s) => s.name), MAILBOX_SEND_SCOPE, ADMIN_SCOPE])];
}

/**
 * The scopes an administrator may allow a client to ask a person for, in a stable order:
 * the claim scopes, then the modules' (`mailbox:send` is no person's to give: it comes with
 * the right to deliver mail, by the client credentials grant).
 */
export function grantableScopes(): KnownScope[] {
  return [...claimScopes, ...moduleScopes.filter((s) => s.name !== MAILBOX_SEND_SCOPE)];
}

/** The message key describing a scope in plain words (undefined for one nobody declared). */
export function scopeLabelKey(name: string): string | undefined {
  return [...claimScopes, ...moduleScopes].find((s) => s.name === name)?.labelKey;
}
