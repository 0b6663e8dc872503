// Demo catalog for the configured country (DEMO=true): procedures from demo/procedures-{bo,ve}.json,
// published; a demo publisher account. Idempotent: a procedure whose slug exists is left alone.
import { readFileSync } from 'node:fs';
import { defaultWorkflow } from '../../platform/forms/index.ts';
import type { Deps } from '../../platform/module.ts';
import { ensureDemoStaff } from '../identity/index.ts';
import { findProcedureBySlug } from './procedure.queries.ts';
import { createProcedureIn, publishDraftIn } from './procedure.service.ts';
import type { ProcedureContent } from './procedure.types.ts';

interface ProcedureSeed extends Partial<ProcedureContent> {
  slug: string;
  agency: string;
}

export function demoProcedures(country: 'bo' | 've'): ProcedureSeed[] {
  return JSON.parse(readFileSync(new URL(`./demo/procedures-${country}.json`, import.meta.url), 'utf8')) as ProcedureSeed[];
}

/** A free procedure for people with nothing else said: what a seed spreads its own content over. */
export const PROCEDURE_DEFAULTS: Omit<ProcedureContent, 'name' | 'summary'> = {
  audiences: ['person'],
  topics: ['identity'],
  lifeEvents: [],
  requirements: [],
  legalBasis: [],
  feeKind: 'free',
  feeAmount: null,
  feeFormula: null,
  maxResponseDays: 10,
  tacitOutcome: 'none',
  result: '',
  resultValidity: null,
  isOnline: false,
  offices: [],
  steps: [],
  commitments: [],
  form: null,
  workflow: null,
};

/** The demo publisher (README): publisher of the demo agency and of a municipal government. */
export const DEMO_PUBLISHER = {
  bo: { email: 'publicador@demo.tambo', documentType: 'CI', documentNumber: '5678912 LP', agencies: ['SEGIP'], territoryCode: 'BO-L-01-01', phone: '+59174567891' },
  ve: { email: 'publicador@demo.tambo', documentType: 'CEDULA', documentNumber: 'V-16789012', agencies: ['SAIME'], territoryCode: 'VE-A-01', phone: '+584144567891' },
} as const;

export async function seedCatalog(deps: Deps): Promise<void> {
  const publisher = DEMO_PUBLISHER[deps.country.code];
  await ensureDemoStaff(deps, {
    country: deps.country.code,
    documentType: publisher.documentType,
    documentNumber: publisher.documentNumber,
    givenName: 'Lucía',
    familyName: 'Mendoza Arce',
    birthDate: '1988-06-11',
    email: publisher.email,
    emailVerified: true,
    phone: publisher.phone,
    phoneVerified: true,
    address: null,
    territoryCode: publisher.territoryCode,
    level: 'sustancial',
    isPlatformAdmin: false,
    password: 'Demo-2026-publicador',
    roles: publisher.agencies.map((agencyCode) => ({ agencyCode, role: 'publisher' as const })),
  });
  // One transaction for the whole catalog: one commit instead of two per procedure.
  await deps.db.transaction().execute(async (trx) => {
    for (const seed of demoProcedures(deps.country.code)) {
      if (await findProcedureBySlug(trx, seed.slug)) continue;
      const { slug, agency, ...content } = seed;
      // Online procedures follow the platform's default workflow unless they bring their own.
      if (content.isOnline && !content.workflow) content.workflow = defaultWorkflow;
      const procedure = await createProcedureIn(trx, deps.country, 'seed', agency, { ...PROCEDURE_DEFAULTS, name: '', summary: '', ...content }, { slug });
      await publishDraftIn(trx, deps.country, 'seed', procedure.id);
    }
  });
}
