// The platform administrator's page for boundaries and layers: what is loaded, and two upload
// forms (multipart, without JavaScript), with the import's problems in the error summary.
import { Button, ErrorSummary, FileField, type ErrorSummaryItem, Panel, Table, TextField } from '../../../platform/views/components.tsx';
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

export function TerritoriesAdminPage(props: AdminPageProps) {
  const { t, locale, csrfToken } = useView();
  const fieldErrors = props.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary errors={props.errors ?? []} />
      <h1>{t('cartography.title')}</h1>
      <p class="lead">{t('cartography.lead', { count: props.boundaries })}</p>
      {props.done ? <Panel tone="success">{props.done}</Panel> : null}
      <h2>{t('cartography.boundaries.title')}</h2>
      <p>{t('cartography.boundaries.format')}</p>
      <form action={`${ADMIN_PATH}/limites`} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <FileField
          accept=".geojson,.json,application/geo+json,application/json"
          name="limites"
          label={t('cartography.boundaries.file')}
          hint={t('cartography.boundaries.hint')}
          error={fieldErrors.limites}
        />
        <Button>{t('cartography.boundaries.submit')}</Button>
      </form>
      <h2>{t('cartography.layers.title')}</h2>
      <p>{t('cartography.layers.format')}</p>
      <form action={`${ADMIN_PATH}/capas`} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <TextField name="codigo" label={t('cartography.layers.code')} hint={t('cartography.layers.codeHint')} value={props.layerCode} error={fieldErrors.codigo} />
        <FileField accept=".geojson,.json,application/geo+json,application/json" name="capa" label={t('cartography.layers.file')} hint={t('cartography.layers.hint')} error={fieldErrors.capa} />
        <Button>{t('cartography.layers.submit')}</Button>
      </form>
      <h2>{t('cartography.layers.loaded')}</h2>
      {props.layers.length === 0 ? (
        <p>{t('cartography.layers.none')}</p>
      ) : (
        <Table
          caption={t('cartography.layers.loaded')}
          captionHidden
          columns={[{ label: t('cartography.layers.column.name') }, { label: t('cartography.layers.column.code') }, { label: t('cartography.layers.column.features'), numeric: true }]}
          rowHeaders
          rows={props.layers.map((layer) => [<a href={`/territorios/capas/${layer.code}`}>{layer.name[locale]}</a>, <code>{layer.code}</code>, layer.featureCount])}
        />
      )}
    </>
  );
}
