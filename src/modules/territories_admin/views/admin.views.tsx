// The platform administrator's page for boundaries and layers: what is loaded, and two upload
// forms (multipart, without JavaScript), with the import's problems in the error summary.
import { Button, ErrorSummary, type ErrorSummaryItem, Panel, Table, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Layer } from '../../territories/index.ts';

export const ADMIN_PATH = '/admin/territorios';

export interface AdminPageProps {
  boundaries: number;
  layers: Layer[];
  /** Problems of the last upload, each linked to its field. */
  errors?: ErrorSummaryItem[];
  /** The field each form shows its problems under. */
  fieldErrors?: Record<string, string>;
  done?: string;
  layerCode?: string;
}

function FileInput(props: { name: string; label: string; hint: string; error?: string }) {
  const id = `campo-${props.name}`;
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      <label class="label" for={id}>
        {props.label}
      </label>
      <div class="hint" id={`${id}-hint`}>
        {props.hint}
      </div>
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <input
        class="file-upload"
        type="file"
        id={id}
        name={props.name}
        accept=".geojson,.json,application/geo+json,application/json"
        aria-describedby={props.error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}

export function TerritoriesAdminPage(props: AdminPageProps) {
  const { t, locale, csrfToken } = useView();
  const fieldErrors = props.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary errors={props.errors ?? []} />
      <h1>{t('territories_admin.title')}</h1>
      <p class="lead">{t('territories_admin.lead', { count: props.boundaries })}</p>
      {props.done ? <Panel tone="success">{props.done}</Panel> : null}
      <h2>{t('territories_admin.boundaries.title')}</h2>
      <p>{t('territories_admin.boundaries.format')}</p>
      <form action={`${ADMIN_PATH}/limites`} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <FileInput name="limites" label={t('territories_admin.boundaries.file')} hint={t('territories_admin.boundaries.hint')} error={fieldErrors.limites} />
        <Button>{t('territories_admin.boundaries.submit')}</Button>
      </form>
      <h2>{t('territories_admin.layers.title')}</h2>
      <p>{t('territories_admin.layers.format')}</p>
      <form action={`${ADMIN_PATH}/capas`} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <TextField name="codigo" label={t('territories_admin.layers.code')} hint={t('territories_admin.layers.codeHint')} value={props.layerCode} error={fieldErrors.codigo} />
        <FileInput name="capa" label={t('territories_admin.layers.file')} hint={t('territories_admin.layers.hint')} error={fieldErrors.capa} />
        <Button>{t('territories_admin.layers.submit')}</Button>
      </form>
      <h2>{t('territories_admin.layers.loaded')}</h2>
      {props.layers.length === 0 ? (
        <p>{t('territories_admin.layers.none')}</p>
      ) : (
        <Table
          caption={t('territories_admin.layers.loaded')}
          captionHidden
          columns={[
            { label: t('territories_admin.layers.column.name') },
            { label: t('territories_admin.layers.column.code') },
            { label: t('territories_admin.layers.column.features'), numeric: true },
          ]}
          rowHeaders
          rows={props.layers.map((layer) => [<a href={`/territorios/capas/${layer.code}`}>{layer.name[locale]}</a>, <code>{layer.code}</code>, layer.featureCount])}
        />
      )}
    </>
  );
}
