// A publisher's CSV upload (docs/open-data.md, "Publishing a CSV"): the file is checked
// (`checkCsv`: encoding, delimiter, header, widths, inferred types) and kept in the file store
// by its hash, unpublished; the publisher sees the report and publishes. Publishing reads the
// file back by hash, checks it again, and loads the DataStore table and saves the dataset in
// ONE transaction: a broken file publishes nothing, and nothing is ever half-published.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { readFile, sha256Hex, storeFile } from '../../platform/files/index.ts';
import type { Deps } from '../../platform/module.ts';
import { agencyCodesOf, getRoles } from '../identity/index.ts';
import { findOrganization } from './catalog.queries.ts';
import { agencyDatasetInput, saveDataset } from './catalog.service.ts';
import { type CheckedCsv, checkCsv } from './csv-check.ts';
import { type DictionaryField, LICENSE_BY_ID } from './open-data.types.ts';
import { tabularResource } from './tabular.service.ts';

/** The agencies where the account may publish datasets (the `publisher` or `agency_admin` role). */
export async function publishingAgencies(deps: Pick<Deps, 'db'>, accountId: string): Promise<string[]> {
  const roles = await getRoles(deps, accountId);
  return agencyCodesOf(roles.filter((r) => 'role' in r && (r.role === 'publisher' || r.role === 'agency_admin')));
}

export interface UploadFields {
  agency: string;
  title: string;
  notes: string;
  licenseId: string;
  contactEmail: string;
}

/** The form's problems (field names as the form's), empty when it can be published. */
export function checkUploadFields(fields: UploadFields, agencies: string[]): FieldError[] {
  const problems: FieldError[] = [];
  if (!agencies.includes(fields.agency)) problems.push({ field: 'institucion', messageKey: 'open_data.upload.errors.agency' });
  if (!fields.title.trim() || fields.title.length > 300) problems.push({ field: 'titulo', messageKey: 'open_data.upload.errors.title' });
  if (!LICENSE_BY_ID.has(fields.licenseId)) problems.push({ field: 'licencia', messageKey: 'open_data.upload.errors.license' });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.contactEmail.trim())) problems.push({ field: 'contacto', messageKey: 'open_data.upload.errors.email' });
  return problems;
}

/** Checks an uploaded CSV; a good one is kept (unpublished) in the file store, by hash. */
export async function checkUpload(deps: Pick<Deps, 'db'>, bytes: Uint8Array): Promise<{ checked: CheckedCsv; sha256: string }> {
  const checked = checkCsv(bytes);
  if (checked.ok) await storeFile(deps.db, bytes, 'text/csv');
  return { checked, sha256: sha256Hex(bytes) };
}

/** Column ids a DataStore table can take: lower case, no accents, letters, digits and `_`, unique. */
export function columnIds(header: string[]): string[] {
  const seen = new Set<string>(['_id']);
  return header.map((name, i) => {
    let id =
      name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 50) || `columna_${i + 1}`;
    if (!/^[a-z]/.test(id)) id = `c_${id}`;
    let unique = id;
    for (let n = 2; seen.has(unique); n++) unique = `${id}_${n}`;
    seen.add(unique);
    return unique;
  });
}

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** Publishes a checked upload as a dataset of the agency, its CSV loaded into the DataStore, in one transaction. */
export async function publishUpload(deps: Pick<Deps, 'db'>, accountId: string, fields: UploadFields, sha256: string, requestId?: string): Promise<{ name: string }> {
  const problems = checkUploadFields(fields, await publishingAgencies(deps, accountId));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const organization = await findOrganization(deps.db, fields.agency.toLowerCase());
  if (!organization) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'institucion', messageKey: 'open_data.upload.errors.agency' }] });
  const name = `${slug(fields.title) || 'datos'}-${sha256.slice(0, 8)}`;
  return deps.db.transaction().execute(async (trx) => {
    const file = await readFile(trx, sha256);
    const checked = file ? checkCsv(file.content) : undefined;
    if (!checked?.ok) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'archivo', messageKey: 'open_data.upload.errors.file' }] });
    const ids = columnIds(checked.header);
    const dictionary: DictionaryField[] = checked.header.map((label, i) => ({ id: ids[i]!, type: checked.types[i]!, label, notes: '', unit: '' }));
    const resource = await tabularResource(trx, { name: `${fields.title.trim()} (CSV)`, description: fields.notes.trim(), fields: dictionary, rows: checked.rows });
    await saveDataset(
      { db: trx },
      agencyDatasetInput({
        name,
        title: fields.title.trim(),
        notes: fields.notes.trim(),
        organizationId: organization.id,
        licenseId: fields.licenseId,
        contactName: organization.title,
        contactEmail: fields.contactEmail.trim(),
        provenance: `Subido por una persona publicadora de ${organization.title}`,
      }),
      [resource],
      { type: 'official', id: accountId },
      { requestId },
    );
    return { name };
  });
}
