// Every SQL statement on portal.message_edit: the back office's edits of translations.
import { type Queryable, typed } from '../../platform/db/index.ts';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Tables } from './db.generated.ts';

export interface MessageEdit {
  language: string;
  key: string;
  text: string;
  editedBy: string;
  editedAt: Date;
}

/** The latest edit of each (language, key), or of one when given: what wins over the files. */
export async function latestEdits(db: Queryable, only?: { language: string; key: string }): Promise<MessageEdit[]> {
  let query = typed<Tables>(db).selectFrom('portal.message_edit').distinctOn(['language', 'key']).select(['language', 'key', 'text', 'edited_by', 'edited_at']);
  if (only) query = query.where('language', '=', only.language).where('key', '=', only.key);
  const rows = await query.orderBy('language').orderBy('key').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ language: r.language, key: r.key, text: r.text, editedBy: r.edited_by, editedAt: r.edited_at as Date }));
}

/** Writes one edit with its audit entry, in one statement. */
export async function insertEdit(db: Queryable, edit: { id: string; language: string; key: string; text: string; editedBy: string }, audit: AuditedInsert<unknown>['audit']): Promise<void> {
  const rows = rowsInto<Tables>();
  await auditedInsert(db, {
    insert: rows('portal.message_edit', { id: edit.id, language: edit.language, key: edit.key, text: edit.text, edited_by: edit.editedBy }),
    audit,
  });
}
