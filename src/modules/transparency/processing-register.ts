// The register of processing activities (/transparencia/tratamientos): for every module that
// declares personal data (`personalData` of the module contract), what it holds (its fields),
// what for, under which legal basis, for how long, and which rights a person exercises from
// "Mis datos". Read from the declarations, so a new module appears in it by declaring its data.
import type { ModuleDefinition } from '../../platform/module.ts';

export interface ProcessingActivity {
  module: string;
  /** Message keys, as declared. */
  titleKey: string | undefined;
  purposeKey: string;
  legalBasisKey: string;
  retentionKey: string;
  /** Message keys of the fields held, each once. */
  fieldKeys: string[];
  /** The person may erase part of it from "Mis datos". */
  erasable: boolean;
}

/** One entry per module that declares personal data, in module order. */
export function processingActivities(modules: readonly ModuleDefinition[]): ProcessingActivity[] {
  return modules.flatMap((module) => {
    const declared = module.personalData;
    if (!declared) return [];
    return [
      {
        module: module.name,
        titleKey: declared.titleKey,
        purposeKey: declared.purposeKey,
        legalBasisKey: declared.legalBasisKey,
        retentionKey: declared.retentionKey,
        fieldKeys: [...new Set(Object.values(declared.fieldKeys ?? {}))],
        erasable: declared.erase !== undefined,
      },
    ];
  });
}
