// "Mis datos" (/cuenta/mis-datos): what every module holds about the signed-in person, through
// each module's `personalData` declaration (src/platform/contract/personal-data.ts); the
// download of all of it as JSON; and the erasure of what the law allows, module by module.
// Always the signed-in person's own account: nothing here takes another account's id.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { PersonalDataSection } from '../../platform/contract/contract.types.ts';
import { collectPersonalData, erasePersonalData } from '../../platform/contract/personal-data.ts';
import type { Deps, ModuleDefinition } from '../../platform/module.ts';

export interface MyDataModule {
  module: string;
  /** Message keys: the heading (the module's name when it declares none), the legal basis, the erase button. */
  titleKey: string | undefined;
  legalBasisKey: string;
  eraseKey: string | undefined;
  fieldKeys: Record<string, string>;
  valueKeys: Record<string, string>;
  sections: PersonalDataSection[];
  /** The module may erase, and one of its erasable sections holds something. */
  canErase: boolean;
}

const holdsData = (data: unknown) => (Array.isArray(data) ? data.length > 0 : data !== null && data !== undefined);

/** Every declaring module's sections about the account, with what the page needs to label them. */
export async function findMyData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string): Promise<MyDataModule[]> {
  const found = await collectPersonalData(deps, modules, accountId);
  return found.modules.map((entry) => {
    const declaration = modules.find((m) => m.name === entry.module)!.personalData!;
    return {
      module: entry.module,
      titleKey: declaration.titleKey,
      legalBasisKey: entry.legalBasisKey,
      eraseKey: declaration.eraseKey,
      fieldKeys: declaration.fieldKeys ?? {},
      valueKeys: declaration.valueKeys ?? {},
      sections: entry.sections,
      canErase: declaration.erase !== undefined && entry.sections.some((s) => s.erasable && holdsData(s.data)),
    };
  });
}

/** Everything, as one JSON document in the person's language (titles translated, data as stored); audited. */
export async function exportMyData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string, t: (key: string) => string, requestId: string): Promise<Record<string, unknown>> {
  const found = await findMyData(deps, modules, accountId);
  await recordAudit(deps.db, {
    actor: { type: 'person', id: accountId },
    action: 'identity.personal_data_exported',
    subject: { type: 'account', id: accountId },
    data: { modules: found.map((m) => m.module) },
    requestId,
  });
  return {
    exportedAt: new Date().toISOString(),
    accountId,
    modules: found.map((m) => ({
      module: m.module,
      title: m.titleKey ? t(m.titleKey) : m.module,
      legalBasis: t(m.legalBasisKey),
      sections: m.sections.map((s) => ({ title: t(s.titleKey), erasable: s.erasable === true, ...(s.keptKey ? { kept: t(s.keptKey) } : {}), data: s.data })),
    })),
  };
}

/** Erases what one module allows to erase about the account, audited; false when that module erases nothing. */
export async function eraseMyData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string, module: string, requestId: string): Promise<boolean> {
  const erased = await erasePersonalData(deps, modules, accountId, { modules: [module], audit: { requestId } });
  return erased.length > 0;
}
