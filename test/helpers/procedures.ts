// A published online procedure straight in the catalog's tables, for tests of the cases
// module (the catalog's demo procedures may have no form yet).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../src/platform/db/index.ts';
import { notify } from '../../src/platform/events/bus.ts';
import type { FormDefinition } from '../../src/platform/forms/index.ts';
import { CATALOG_TOPIC, forgetCatalog } from '../../src/modules/catalog/catalog-cache.ts';

const lt = (es: string, en: string) => ({ es, en });

/** A short form: a prefilled name, a date, a number and a choice on a second page. */
export const testForm: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'datos',
      title: lt('Sus datos', 'Your details'),
      components: [
        { id: 'fullName', type: 'text', label: lt('Nombre', 'Name'), prefill: 'fullName' },
        { id: 'birthDate', type: 'date', label: lt('Fecha de nacimiento del hijo', "Child's date of birth"), max: 'today' },
        { id: 'copies', type: 'number', label: lt('Copias', 'Copies'), integer: true, min: 1, max: 5 },
      ],
    },
    {
      id: 'motivo',
      title: lt('¿Para qué lo necesita?', 'What do you need it for?'),
      components: [
        {
          id: 'purpose',
          type: 'radios',
          label: lt('Motivo', 'Purpose'),
          options: [
            { value: 'work', label: lt('Trabajo', 'Work') },
            { value: 'other', label: lt('Otro', 'Other') },
          ],
        },
      ],
    },
  ],
};

export async function createOnlineProcedure(
  db: Queryable,
  input: { slug: string; agencyCode: string; tacitOutcome?: 'approval' | 'denial' | 'none'; form?: FormDefinition; maxResponseDays?: number },
): Promise<{ procedureId: string; versionId: string }> {
  const procedureId = randomUUID();
  const versionId = randomUUID();
  await sql`INSERT INTO catalog.procedure (id, slug, agency_code, status) VALUES (${procedureId}, ${input.slug}, ${input.agencyCode}, 'published')`.execute(db);
  await sql`INSERT INTO catalog.procedure_version (id, procedure_id, version, status, name, summary, audiences, topics, fee_kind, max_response_days, tacit_outcome, result, is_online, form, created_by, published_at)
            VALUES (${versionId}, ${procedureId}, 1, 'published', ${`Certificado de prueba ${input.slug}`}, 'Un trámite de prueba en línea', '{person}', '{identity}', 'free',
                    ${input.maxResponseDays ?? 5}, ${input.tacitOutcome ?? 'none'}, 'Un certificado', true, ${JSON.stringify(input.form ?? testForm)}::jsonb, 'test', now())`.execute(db);
  await sql`UPDATE catalog.procedure SET published_version_id = ${versionId} WHERE id = ${procedureId}`.execute(db);
  // Written behind the catalog's services: its public caches forget what they held, as a publication does.
  forgetCatalog();
  await notify(db, CATALOG_TOPIC, { slug: input.slug });
  return { procedureId, versionId };
}
