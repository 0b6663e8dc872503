// "Mis datos": what every module holds about a person, collected through each module's
// `personalData.find`, and erased where the law allows through `erase` (one transaction).
import { recordAudit } from '../audit/audit.ts';
import type { Deps, ModuleDefinition } from '../module.ts';
import type { PersonalDataSection } from './contract.types.ts';

export interface PersonalDataExport {
  accountId: string;
  modules: Array<{ module: string; legalBasisKey: string; sections: PersonalDataSection[] }>;
}

/** Who asked for an erasure, for its audit entry. */
export interface ErasureRequest {
  /** Only these modules (default: every module that declares `erase`). */
  modules?: readonly string[];
  /** Audited as `platform.personal_data_erased` by the person, in the erasure's transaction. */
  audit?: { requestId?: string | null };
}

/** Calls every module's `find`, in module order; modules without a declaration are left out. */
export async function collectPersonalData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string): Promise<PersonalDataExport> {
  const found: PersonalDataExport['modules'] = [];
  for (const module of modules) {
    if (!module.personalData) continue;
    const sections = await module.personalData.find(deps, accountId);
    found.push({ module: module.name, legalBasisKey: module.personalData.legalBasisKey, sections });
  }
  return { accountId, modules: found };
}

/**
 * Runs every module's `erase` (or those asked) in one transaction, last module first, so
 * dependants go before what they point to; with `audit`, records who erased what in the same
 * transaction, only when something was erased. Returns the modules that erased something.
 */
export async function erasePersonalData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string, request: ErasureRequest = {}): Promise<string[]> {
  const erasing = modules.filter((m) => m.personalData?.erase && (!request.modules || request.modules.includes(m.name))).reverse();
  if (erasing.length === 0) return [];
  return deps.db.transaction().execute(async (trx) => {
    const erased: string[] = [];
    for (const module of erasing) if ((await module.personalData!.erase!(deps, accountId, trx)) > 0) erased.push(module.name);
    // A retried or parallel erasure finds nothing left (the first one's rows are gone or locked
    // until it commits): it records nothing, so the log holds one erasure per erasure.
    if (request.audit && erased.length > 0) {
      await recordAudit(trx, {
        actor: { type: 'person', id: accountId },
        action: 'platform.personal_data_erased',
        subject: { type: 'account', id: accountId },
        data: { modules: erased },
        requestId: request.audit.requestId ?? null,
      });
    }
    return erased;
  });
}

/** Rows as plain JSON for an export section (dates as ISO strings). */
export function asPlainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
