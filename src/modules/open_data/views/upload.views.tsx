// The publisher's CSV upload in the back office: the form (multipart, no JavaScript), the
// problems of a broken file (row and column of each), and the report of a good one (encoding,
// delimiter, header with the inferred types, first rows) with the "Publicar" button.
import { Button, ErrorSummary, FileField, type ErrorSummaryItem, Form, fieldId, Select, SummaryList, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { CheckedCsv, CsvProblem } from '../csv-check.ts';
import { LICENSES } from '../open-data.types.ts';
import type { UploadFields } from '../upload.service.ts';

export const UPLOAD_PATH = '/gestion/datos/subir';
export const PUBLISH_PATH = '/gestion/datos/publicar';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function MetadataFields(props: { agencies: string[]; fields: Partial<UploadFields>; errors: Record<string, string> }) {
  const { t } = useView();
  const f = props.fields;
  return (
    <>
      <Select name="institucion" label={t('open_data.upload.agency')} options={props.agencies.map((a) => ({ value: a, label: a }))} value={f.agency} error={props.errors.institucion} />
      <TextField name="titulo" label={t('open_data.upload.title')} value={f.title} error={props.errors.titulo} />
      <TextArea name="descripcion" label={t('open_data.upload.notes')} value={f.notes} optional />
      <Select
        name="licencia"
        label={t('open_data.upload.license')}
        options={LICENSES.filter((l) => l.odConformance === 'approved').map((l) => ({ value: l.id, label: l.title }))}
        value={f.licenseId ?? 'cc-by'}
        error={props.errors.licencia}
      />
      <TextField name="contacto" type="email" label={t('open_data.upload.contact')} value={f.contactEmail} error={props.errors.contacto} />
    </>
  );
}

export function UploadPage(props: { agencies: string[]; fields: Partial<UploadFields>; errors?: Record<string, string>; problems?: CsvProblem[] }) {
  const { t, csrfToken } = useView();
  const errors = props.errors ?? {};
  const problems = props.problems ?? [];
  const problemText = (p: CsvProblem) =>
    t('open_data.upload.problem', {
      row: p.row,
      column: p.column ?? 0,
      what: t(`open_data.upload.problems.${p.code}`, { expected: p.expected ?? '', found: p.found ?? '' }),
    });
  const summary: ErrorSummaryItem[] = [
    ...Object.entries(errors).map(([name, message]) => ({ fieldId: fieldId(name), message })),
    ...problems.slice(0, 20).map((p) => ({ fieldId: fieldId('archivo'), message: problemText(p) })),
  ];
  return (
    <>
      <ErrorSummary errors={summary} autofocus={summary.length > 0} />
      <h1>{t('open_data.upload.heading')}</h1>
      <p>{t('open_data.upload.lead')}</p>
      {problems.length > 0 ? (
        <Table
          caption={t('open_data.upload.problemsCaption', { count: problems.length })}
          columns={[{ label: t('open_data.upload.row'), numeric: true }, { label: t('open_data.upload.column'), numeric: true }, { label: t('open_data.upload.what') }]}
          rows={problems.map((p) => [String(p.row), p.column === null ? '' : String(p.column), t(`open_data.upload.problems.${p.code}`, { expected: p.expected ?? '', found: p.found ?? '' })])}
        />
      ) : null}
      <form action={UPLOAD_PATH} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <MetadataFields agencies={props.agencies} fields={props.fields} errors={errors} />
        <FileField
          accept=".csv,text/csv"
          name="archivo"
          label={t('open_data.upload.file')}
          hint={t('open_data.upload.fileHint')}
          error={errors.archivo ?? (problems.length > 0 ? t('open_data.upload.refused', { count: problems.length }) : undefined)}
        />
        <Button>{t('open_data.upload.check')}</Button>
      </form>
    </>
  );
}

export function UploadReportPage(props: { fields: UploadFields; checked: CheckedCsv; sha256: string; errors?: Record<string, string>; agencies: string[] }) {
  const { t } = useView();
  const c = props.checked;
  const errors = props.errors ?? {};
  return (
    <>
      <ErrorSummary errors={Object.entries(errors).map(([name, message]) => ({ fieldId: fieldId(name), message }))} />
      <h1>{t('open_data.upload.reportHeading')}</h1>
      <p>{t('open_data.upload.reportLead')}</p>
      <SummaryList
        rows={[
          { key: t('open_data.upload.encoding'), value: 'UTF-8' },
          { key: t('open_data.upload.delimiter'), value: t(`open_data.upload.delimiters.${DELIMITER_NAMES[c.delimiter] ?? 'comma'}`) },
          { key: t('open_data.upload.rows'), value: String(c.rows.length) },
        ]}
      />
      <Table
        caption={t('open_data.upload.columns')}
        columns={[{ label: t('open_data.upload.columnName') }, { label: t('open_data.upload.type') }]}
        rows={c.header.map((name, i) => [name, t(`open_data.type.${c.types[i] ?? 'text'}`)])}
      />
      <Table caption={t('open_data.upload.preview')} columns={c.header.map((name) => ({ label: name }))} rows={c.rows.slice(0, 5).map((row) => c.header.map((_, i) => row[i] ?? ''))} />
      <Form action={PUBLISH_PATH}>
        <input type="hidden" name="archivo" value={props.sha256} />
        <MetadataFields agencies={props.agencies} fields={props.fields} errors={errors} />
        <Button preventDoubleClick>{t('open_data.upload.publish')}</Button>
      </Form>
    </>
  );
}
