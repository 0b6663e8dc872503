// "Mis datos" (/cuenta/mis-datos): what every module holds about the signed-in person, through
// each module's `personalData` declaration (src/platform/contract/personal-data.ts); the
// download of all of it as JSON and as a readable PDF signed by the platform; and the erasure
// of what the law allows, module by module.
// Always the signed-in person's own account: nothing here takes another account's id.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { PersonalDataSection } from '../../platform/contract/contract.types.ts';
import { collectPersonalData, erasePersonalData } from '../../platform/contract/personal-data.ts';
import type { Formatter } from '../../platform/i18n/format.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import type { Deps, ModuleDefinition } from '../../platform/module.ts';
import { signingService } from '../../platform/signing/index.ts';
import type { Account } from './account.types.ts';
import { renderMyDataPdf } from './my-data.pdf.ts';

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
  await auditExport(deps, accountId, found, 'json', requestId);
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

const auditExport = (deps: Deps, accountId: string, found: MyDataModule[], format: 'json' | 'pdf', requestId: string) =>
  recordAudit(deps.db, {
    actor: { type: 'person', id: accountId },
    action: 'identity.personal_data_exported',
    subject: { type: 'account', id: accountId },
    data: { modules: found.map((m) => m.module), format },
    requestId,
  });

/**
 * Who signs "Mis datos": the platform's identity service (Ciudadanía Digital), with a
 * certificate of the platform's signing service like any agency's (made at the first signature).
 */
export const MY_DATA_SIGNER = { code: 'CIUDADANIA_DIGITAL', name: 'Ciudadanía Digital' } as const;

/** Everything, as one readable PDF in the person's language, signed (PAdES) by the platform; audited. */
export async function exportMyDataPdf(
  deps: Deps,
  modules: readonly ModuleDefinition[],
  account: Pick<Account, 'id' | 'givenName' | 'familyName' | 'documentNumber'>,
  view: { t: Translate; format: Formatter; locale: string },
  requestId: string,
): Promise<Buffer> {
  const found = await findMyData(deps, modules, account.id);
  const holderName = `${account.givenName} ${account.familyName}`;
  const pdf = await renderMyDataPdf({ holderName, holderDocument: account.documentNumber, generatedAt: new Date(), modules: found, ...view });
  const signed = await signingService(deps).signPdf(pdf, MY_DATA_SIGNER, { reason: view.t('identity.myData.pdf.reason') });
  await auditExport(deps, account.id, found, 'pdf', requestId);
  return signed;
}

/** Erases what one module allows to erase about the account, audited; false when that module erases nothing. */
export async function eraseMyData(deps: Deps, modules: readonly ModuleDefinition[], accountId: string, module: string, requestId: string): Promise<boolean> {
  const erased = await erasePersonalData(deps, modules, accountId, { modules: [module], audit: { requestId } });
  return erased.length > 0;
}
