// The room's map of points: reports, projects and social-map points with coordinates drawn over the territory's
// map (server SVG, each point named by its own <title>, no links inside the image) and the same
// items in a table beside it, each linked to its public page.
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { MapMark, type ProjectedMap } from '../../territories/index.ts';
import type { RoomPoint } from '../points.service.ts';

/**
 * One mark per declaring module (by its place in the module order, so the same in every room:
 * reports, the social map, projects), dark on the light map (3:1 and more).
 */
const MARKS = [
  { shape: 'circle', fill: '#b3261e' },
  { shape: 'diamond', fill: '#5b2a86' },
  { shape: 'square', fill: '#1e6b34' },
] as const;

function Mark(props: { mark: (typeof MARKS)[number]; x: number; y: number; children?: preact.ComponentChildren }) {
  return (
    <MapMark shape={props.mark.shape} fill={props.mark.fill} x={props.x} y={props.y} class={`room-point room-point--${props.mark.shape}`}>
      {props.children}
    </MapMark>
  );
}

export function PointsMap(props: { points: RoomPoint[]; map: ProjectedMap | undefined; place: string }) {
  const { t } = useView();
  if (props.points.length === 0) return null;
  const kinds = [...new Map(props.points.map((p) => [p.labelKey, p.mark])).entries()];
  const markOf = (mark: number) => MARKS[Math.min(mark, MARKS.length - 1)]!;
  const drawn = props.points.filter((p) => p.at !== undefined);
  const map = props.map;
  return (
    <section aria-labelledby="puntos">
      <h2 id="puntos">{t('situation_room.points.title', { place: props.place })}</h2>
      {map && drawn.length > 0 ? (
        <figure class="choropleth">
          <svg viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="mapa-puntos-title mapa-puntos-desc" width="100%" id="mapa-puntos">
            <title id="mapa-puntos-title">{t('situation_room.points.title', { place: props.place })}</title>
            <desc id="mapa-puntos-desc">{t('situation_room.points.description', { drawn: drawn.length, count: props.points.length })}</desc>
            {map.shapes.map((shape) => (
              <path key={shape.code} d={shape.d} fill="#f4f6f8" stroke="#1b2a3a" stroke-width={shape.role === 'frame' ? 2 : 1} fill-rule="evenodd">
                <title>{shape.label}</title>
              </path>
            ))}
            {drawn.map((p) => (
              <Mark key={`${p.kind}:${p.ref}`} mark={markOf(p.mark)} x={p.at!.x} y={p.at!.y}>
                <title>{t('situation_room.points.item', { kind: t(p.labelKey), ref: p.ref, title: p.title })}</title>
              </Mark>
            ))}
          </svg>
          <figcaption>
            {t('situation_room.points.description', { drawn: drawn.length, count: props.points.length })}
            <ul class="choropleth__legend">
              {kinds.map(([key, mark]) => (
                <li key={key}>
                  <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <Mark mark={markOf(mark)} x={8} y={8} />
                  </svg>{' '}
                  {t(key)}
                </li>
              ))}
            </ul>
          </figcaption>
        </figure>
      ) : null}
      <Table
        id="lista-puntos"
        caption={t('situation_room.points.table', { place: props.place })}
        columns={[{ label: t('situation_room.points.kind') }, { label: t('situation_room.points.subject') }, { label: t('situation_room.points.onMap') }]}
        rows={props.points.map((p) => [
          t(p.labelKey),
          <a href={p.href} data-point={`${p.kind}:${p.ref}`}>
            {t('situation_room.points.link', { ref: p.ref.length > 12 ? p.ref.slice(0, 8) : p.ref, title: p.title })}
          </a>,
          p.at ? t('situation_room.points.yes') : t('situation_room.points.no'),
        ])}
      />
    </section>
  );
}
