// A tabular resource from checked rows: the CSV kept in the platform's file store (by hash)
// and the same rows loaded into a typed DataStore table named after their content, so the
// same content is loaded once and a resource always points at the table of its version.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import { storeFile } from '../../platform/files/index.ts';
import { createDatastoreTable, datastoreTableExists } from './datastore.queries.ts';
import { toCsv } from './datastore.service.ts';
import type { DictionaryField, ResourceInput } from './open-data.types.ts';

export async function tabularResource(db: Queryable, input: { name: string; description: string; fields: DictionaryField[]; rows: string[][] }): Promise<ResourceInput> {
  const columns = input.fields.map((f) => f.id);
  const csv = toCsv(
    columns,
    input.rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? '']))),
  );
  const bytes = Buffer.from(csv, 'utf8');
  const stored = await storeFile(db, bytes, 'text/csv');
  const table = `ds_${createHash('sha256')
    .update(JSON.stringify(input.fields.map((f) => [f.id, f.type])))
    .update(stored.sha256)
    .digest('hex')
    .slice(0, 32)}`;
  if (!(await datastoreTableExists(db, table))) await createDatastoreTable(db, table, input.fields, input.rows);
  return {
    name: input.name,
    description: input.description,
    format: 'CSV',
    mimetype: 'text/csv',
    fileSha256: stored.sha256,
    url: null,
    size: stored.size,
    dictionary: input.fields,
    datastoreTable: table,
    datastoreRows: input.rows.length,
  };
}
