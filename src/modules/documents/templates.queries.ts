// Every SQL statement of the publishers' templates (documents.template): a procedure's own
// template of an outcome, or the default one (procedure_id NULL).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { TemplateKind, TemplateOutcome } from './templates.types.ts';

const db$ = (db: Queryable) => typed<Tables>(db);

export interface StoredTemplate {
  id: string;
  procedureId: string | null;
  outcome: TemplateOutcome;
  kind: TemplateKind;
  title: string;
  body: string;
  updatedAt: Date;
}

const columns = ['id', 'procedure_id', 'outcome', 'kind', 'title', 'body', 'updated_at'] as const;
const toTemplate = (r: { id: string; procedure_id: string | null; outcome: string; kind: string; title: string; body: string; updated_at: Date }): StoredTemplate => ({
  id: r.id,
  procedureId: r.procedure_id,
  outcome: r.outcome as TemplateOutcome,
  kind: r.kind as TemplateKind,
  title: r.title,
  body: r.body,
  updatedAt: r.updated_at,
});

/** The default templates and the own templates of these procedures. */
export async function findTemplatesOf(db: Queryable, procedureIds: string[]): Promise<StoredTemplate[]> {
  const rows = await db$(db)
    .selectFrom('documents.template')
    .select(columns)
    .where((eb) => (procedureIds.length > 0 ? eb.or([eb('procedure_id', 'is', null), eb('procedure_id', '=', eb.fn.any(eb.val(procedureIds)))]) : eb('procedure_id', 'is', null)))
    .orderBy('outcome')
    .execute();
  return rows.map(toTemplate);
}

/** Serializes the writes of one template (a procedure's or the default of an outcome) until the transaction ends. */
export async function lockTemplate(trx: Queryable, procedureId: string | null, outcome: TemplateOutcome): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`documents.template:${procedureId ?? 'default'}:${outcome}`}))`.execute(trx);
}

/** The template stored for exactly this procedure (NULL: the default) and outcome. */
export async function findOwnTemplate(db: Queryable, procedureId: string | null, outcome: TemplateOutcome): Promise<StoredTemplate | undefined> {
  const row = await db$(db)
    .selectFrom('documents.template')
    .select(columns)
    .where('outcome', '=', outcome)
    .where((eb) => (procedureId ? eb('procedure_id', '=', procedureId) : eb('procedure_id', 'is', null)))
    .executeTakeFirst();
  return row ? toTemplate(row) : undefined;
}

export async function insertTemplate(trx: Queryable, t: Omit<StoredTemplate, 'updatedAt'>): Promise<void> {
  await db$(trx).insertInto('documents.template').values({ id: t.id, procedure_id: t.procedureId, outcome: t.outcome, kind: t.kind, title: t.title, body: t.body }).execute();
}

export async function updateTemplate(trx: Queryable, id: string, t: { kind: TemplateKind; title: string; body: string }): Promise<void> {
  await db$(trx).updateTable('documents.template').set({ kind: t.kind, title: t.title, body: t.body, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function deleteTemplate(trx: Queryable, id: string): Promise<void> {
  await db$(trx).deleteFrom('documents.template').where('id', '=', id).where('procedure_id', 'is not', null).execute();
}
