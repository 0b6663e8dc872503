// Cartografía social: a territory's public map of points (SVG drawn on the server over the
// territory's own map, each point named by its <title>) with the same points in a table beside
// it, and the social mappers' form to add, change and retire a point (no JavaScript needed).
import { Button, ErrorSummary, Form, Select, summaryItems, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import { useView } from '../../../platform/views/context.ts';
import { MapMark, projectPoint, type ProjectedMap, TerritoryMap } from '../../territories/index.ts';
import { KINDS, type SocialPoint, type SocialPointKind, SUBCATEGORIES } from '../social-map.types.ts';

export const SOCIAL_MAP_PATH = '/cartografia-social';
export const socialMapPagePath = (code: string) => `${SOCIAL_MAP_PATH}/${encodeURIComponent(code)}`;
export const newPointPath = (code: string) => `${socialMapPagePath(code)}/nuevo`;
export const pointPath = (code: string, id: string) => `${socialMapPagePath(code)}/puntos/${id}`;

/** One mark per kind, dark on the light map (3:1 and more). */
const MARKS: Record<SocialPointKind, { fill: string; shape: 'circle' | 'triangle' | 'square' }> = {
  service: { fill: '#0b4f9c', shape: 'circle' },
  risk: { fill: '#b3261e', shape: 'triangle' },
  productive_unit: { fill: '#1e6b34', shape: 'square' },
};

function Mark(props: { kind: SocialPointKind; x: number; y: number; children?: preact.ComponentChildren }) {
  const mark = MARKS[props.kind];
  return (
    <MapMark shape={mark.shape} fill={mark.fill} x={props.x} y={props.y} class={`social-point social-point--${props.kind}`}>
      {props.children}
    </MapMark>
  );
}

export interface SocialMapPageProps {
  code: string;
  place: string;
  map: ProjectedMap | undefined;
  points: SocialPoint[];
  /** The viewer keeps this map: offer to add, change and retire. */
  mapper: boolean;
  done?: string;
}

export function SocialMapPage(props: SocialMapPageProps) {
  const { t, format } = useView();
  const placed = props.points.map((p) => ({ point: p, at: props.map ? projectPoint(props.map, p.lon, p.lat) : undefined }));
  const drawn = placed.filter((p) => p.at !== undefined);
  const kinds = KINDS.filter((k) => props.points.some((p) => p.kind === k));
  const description = t('cartography.social.page.mapDescription', { drawn: drawn.length, count: props.points.length });
  return (
    <>
      <h1>{t('cartography.social.page.title', { place: props.place })}</h1>
      <p class="lead">{t('cartography.social.page.lead')}</p>
      {props.done ? (
        <p class="notice" role="status">
          {props.done}
        </p>
      ) : null}
      {props.mapper ? (
        <p>
          <Button href={newPointPath(props.code)}>{t('cartography.social.page.add')}</Button>
        </p>
      ) : null}
      {props.map ? (
        <TerritoryMap
          map={props.map}
          id="mapa-social"
          title={t('cartography.social.page.title', { place: props.place })}
          description={description}
          legend={
            kinds.length > 0 ? (
              <ul class="choropleth__legend">
                {kinds.map((kind) => (
                  <li key={kind}>
                    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                      <Mark kind={kind} x={8} y={8} />
                    </svg>{' '}
                    {t(`cartography.social.kind.${kind}`)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        >
          {drawn.map(({ point, at }) => (
            <Mark key={point.id} kind={point.kind} x={at!.x} y={at!.y}>
              <title>
                {t('cartography.social.page.mark', { kind: t(`cartography.social.kind.${point.kind}`), subcategory: t(`cartography.social.subcategory.${point.subcategory}`), name: point.name })}
              </title>
            </Mark>
          ))}
        </TerritoryMap>
      ) : (
        <p>{t('cartography.social.page.noMap')}</p>
      )}
      {props.points.length === 0 ? (
        <p>{t('cartography.social.page.none')}</p>
      ) : (
        <Table
          id="lista-social"
          caption={t('cartography.social.page.table', { place: props.place })}
          columns={[
            { label: t('cartography.social.field.name') },
            { label: t('cartography.social.field.kind') },
            { label: t('cartography.social.field.subcategory') },
            { label: t('cartography.social.field.description') },
            { label: t('cartography.social.page.place') },
            { label: t('cartography.social.page.onMap') },
            ...(props.mapper ? [{ label: t('cartography.social.page.actions') }] : []),
          ]}
          rowHeaders
          rows={placed.map(({ point, at }) => [
            <span id={`punto-${point.id}`} data-point={point.id}>
              {point.name}
            </span>,
            t(`cartography.social.kind.${point.kind}`),
            t(`cartography.social.subcategory.${point.subcategory}`),
            point.description,
            t('cartography.social.page.coordinates', { lat: format.number(point.lat, { maximumFractionDigits: 5 }), lon: format.number(point.lon, { maximumFractionDigits: 5 }) }),
            at ? t('cartography.social.page.yes') : t('cartography.social.page.no'),
            ...(props.mapper ? [<a href={pointPath(props.code, point.id)}>{t('cartography.social.page.edit', { name: point.name })}</a>] : []),
          ])}
        />
      )}
      <p>
        <a href={`${socialMapPagePath(props.code)}/puntos.csv`} download={`cartografia-social-${props.code}.csv`}>
          {t('cartography.social.page.csv')}
        </a>
      </p>
      <p class="territory-map__note">{t('cartography.social.page.note')}</p>
    </>
  );
}

/** Every subcategory, named with its kind ("Servicio: escuela"): the kind follows from it. */
function subcategoryOptions(t: Translate) {
  return KINDS.flatMap((kind) =>
    SUBCATEGORIES[kind].map((sub) => ({ value: sub, label: t('cartography.social.option', { kind: t(`cartography.social.kind.${kind}`), subcategory: t(`cartography.social.subcategory.${sub}`) }) })),
  );
}

export function SocialPointForm(props: {
  code: string;
  place: string;
  /** Absent: a new point. */
  pointId?: string;
  values: Record<string, string>;
  errors: Record<string, { key: string; params?: Record<string, string | number> }>;
}) {
  const { t } = useView();
  const { values, errors } = props;
  const message = (field: string) => (errors[field] ? t(errors[field].key, errors[field].params) : undefined);
  const editing = props.pointId !== undefined;
  const title = editing ? t('cartography.social.form.editTitle', { name: values.name ?? '' }) : t('cartography.social.form.newTitle', { place: props.place });
  const action = editing ? pointPath(props.code, props.pointId!) : newPointPath(props.code);
  return (
    <>
      <h1>{title}</h1>
      <p class="lead">{t('cartography.social.form.lead', { place: props.place })}</p>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(errors).map((f) => [f, message(f)])))} />
      <Form action={`${action}#resumen-errores`}>
        {editing ? null : <FormKey value={values.clave} />}
        <Select
          name="subcategory"
          label={t('cartography.social.field.category')}
          options={subcategoryOptions(t)}
          value={values.subcategory}
          placeholder={t('cartography.social.form.choose')}
          error={message('subcategory') ?? message('kind')}
        />
        <TextField name="name" label={t('cartography.social.field.name')} hint={t('cartography.social.form.nameHint')} value={values.name ?? ''} error={message('name')} />
        <TextArea name="description" label={t('cartography.social.field.description')} optional value={values.description ?? ''} rows={3} error={message('description')} />
        <TextField name="lat" label={t('cartography.social.field.lat')} hint={t('cartography.social.form.latHint')} value={values.lat ?? ''} width="10" inputmode="decimal" error={message('lat')} />
        <TextField name="lon" label={t('cartography.social.field.lon')} hint={t('cartography.social.form.lonHint')} value={values.lon ?? ''} width="10" inputmode="decimal" error={message('lon')} />
        <Button type="submit">{editing ? t('cartography.social.form.save') : t('cartography.social.form.submit')}</Button>
      </Form>
      {editing ? (
        <>
          <h2>{t('cartography.social.form.retireTitle')}</h2>
          <p>{t('cartography.social.form.retireText')}</p>
          <Form action={`${pointPath(props.code, props.pointId!)}/retirar`}>
            <Button type="submit" variant="warning">
              {t('cartography.social.form.retire')}
            </Button>
          </Form>
        </>
      ) : null}
      <p>
        <a href={socialMapPagePath(props.code)}>{t('cartography.social.form.back', { place: props.place })}</a>
      </p>
    </>
  );
}
