// Public pages of the territorial registry: the top level with the layers, a unit with its
// children and their map, a layer with its features. Maps are SVG drawn on the server.
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { TerritoryPage } from '../map.service.ts';
import type { ProjectedMap } from '../map.ts';
import type { Layer, Names, Territory } from '../territory.types.ts';

export const PUBLIC_PATH = '/territorios';

/** Light fills that a dark outline stands out against (3:1 and more), cycled over the parts. */
const FILLS = ['#dbe9f6', '#fde9c9', '#d9f0dc', '#f3dcec', '#e6e1f5', '#f6f3c8'];
const STROKE = '#1b2a3a';

/**
 * A map as an accessible SVG: `role="img"` named by its `<title>` and described by its
 * `<desc>`; each shape has a `<title>` of its own. The same content is in the table beside it.
 * `children`: marks drawn over the shapes (placed with `projectPoint`); `legend`: under the caption.
 */
export function TerritoryMap(props: {
  map: ProjectedMap;
  title: string;
  description: string;
  id: string;
  standalone?: boolean;
  children?: preact.ComponentChildren;
  legend?: preact.ComponentChildren;
}) {
  const { map } = props;
  let part = 0;
  const svg = (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${map.width} ${map.height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      id={props.id}
      width={props.standalone ? map.width : '100%'}
      height={props.standalone ? map.height : undefined}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {map.shapes.map((shape) => (
        <path
          key={shape.code}
          d={shape.d}
          fill={shape.role === 'frame' ? '#f4f6f8' : FILLS[part++ % FILLS.length]}
          stroke={STROKE}
          stroke-width={shape.role === 'frame' ? 2 : 1}
          fill-rule="evenodd"
          data-code={shape.code}
        >
          <title>{shape.label}</title>
        </path>
      ))}
      {props.children}
    </svg>
  );
  // A standalone document (mapa.svg) is the image alone; on a page it sits in a figure with its caption.
  if (props.standalone) return svg;
  return (
    <figure class="territory-map">
      {svg}
      <figcaption>
        {props.description}
        {props.legend}
      </figcaption>
    </figure>
  );
}

/** A mark over a map (a point placed with `projectPoint`): white-edged, named by the `<title>` in `children`. */
export function MapMark(props: { shape: 'circle' | 'square' | 'diamond' | 'triangle'; fill: string; x: number; y: number; class?: string; children?: preact.ComponentChildren }) {
  const { x, y } = props;
  const common = { fill: props.fill, stroke: '#ffffff', 'stroke-width': 1.5, class: props.class };
  if (props.shape === 'circle')
    return (
      <circle cx={x} cy={y} r={6} {...common}>
        {props.children}
      </circle>
    );
  if (props.shape === 'square')
    return (
      <rect x={x - 5.5} y={y - 5.5} width={11} height={11} {...common}>
        {props.children}
      </rect>
    );
  const d = props.shape === 'diamond' ? `M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z` : `M${x} ${y - 7}L${x + 7} ${y + 6}L${x - 7} ${y + 6}Z`;
  return (
    <path d={d} {...common}>
      {props.children}
    </path>
  );
}

export function TerritoryIndex(props: { territories: Territory[]; layers: Layer[] }) {
  const { t, locale } = useView();
  return (
    <>
      <h1>{t('territories.page.indexTitle')}</h1>
      <p class="lead">{t('territories.page.indexLead')}</p>
      <ul>
        {props.territories.map((territory) => (
          <li key={territory.code}>
            <a href={`${PUBLIC_PATH}/${territory.code}`}>{territory.name}</a>
          </li>
        ))}
      </ul>
      <h2>{t('territories.page.layersTitle')}</h2>
      {props.layers.length === 0 ? (
        <p>{t('territories.page.noLayers')}</p>
      ) : (
        <ul>
          {props.layers.map((layer) => (
            <li key={layer.code}>
              <a href={`${PUBLIC_PATH}/capas/${layer.code}`}>{layer.name[locale]}</a> {t('territories.page.featureCount', { count: layer.featureCount })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function TerritoryDetail(props: { page: TerritoryPage; levelName: (level: string) => string }) {
  const { t } = useView();
  const { territory, children, map } = props.page;
  const drawn = children.filter((c) => c.hasBoundary).length;
  return (
    <>
      <h1>{territory.name}</h1>
      <p class="lead">{t('territories.page.unitLead', { level: props.levelName(territory.level), code: territory.code })}</p>
      {territory.isDemo ? <p>{t('territories.page.demoUnit')}</p> : null}
      {map ? (
        <TerritoryMap
          map={map}
          id="mapa-territorio"
          title={t('territories.page.mapTitle', { name: territory.name })}
          description={`${t('territories.page.mapDescription', { name: territory.name, drawn, count: children.length })}${children.length > 0 ? ` ${t('territories.page.mapTable')}` : ''}`}
        />
      ) : (
        <p>{t('territories.page.noMap')}</p>
      )}
      {map ? (
        <p>
          <a href={`${PUBLIC_PATH}/${territory.code}/mapa.svg`} download={`${territory.code}.svg`}>
            {t('territories.page.downloadMap')}
          </a>
        </p>
      ) : null}
      {props.page.hasBoundary || drawn > 0 ? <p class="territory-map__note">{t('territories.page.illustrative')}</p> : null}
      <h2>{t('territories.page.childrenTitle')}</h2>
      {children.length === 0 ? (
        <p>{t('territories.page.noChildren')}</p>
      ) : (
        <Table
          caption={t('territories.page.childrenCaption', { name: territory.name })}
          columns={[
            { label: t('territories.page.column.name') },
            { label: t('territories.page.column.level') },
            { label: t('territories.page.column.code') },
            { label: t('territories.page.column.onMap') },
          ]}
          rowHeaders
          rows={children.map((child) => [
            <a href={`${PUBLIC_PATH}/${child.code}`}>{child.name}</a>,
            props.levelName(child.level),
            <code>{child.code}</code>,
            child.hasBoundary ? t('territories.page.yes') : t('territories.page.no'),
          ])}
        />
      )}
    </>
  );
}

export function LayerDetail(props: { layer: Layer; features: Array<{ code: string; name: Names }>; map: ProjectedMap | undefined }) {
  const { t, locale } = useView();
  const name = props.layer.name[locale];
  return (
    <>
      <h1>{name}</h1>
      {props.layer.description ? <p class="lead">{props.layer.description[locale]}</p> : null}
      {props.map ? (
        <TerritoryMap
          map={props.map}
          id="mapa-capa"
          title={t('territories.page.layerMapTitle', { name })}
          description={t('territories.page.layerMapDescription', { name, count: props.features.length })}
        />
      ) : null}
      <p class="territory-map__note">{t('territories.page.illustrative')}</p>
      <Table
        caption={t('territories.page.featuresCaption', { name })}
        columns={[{ label: t('territories.page.column.name') }, { label: t('territories.page.column.code') }]}
        rowHeaders
        rows={props.features.map((feature) => [feature.name[locale], <code>{feature.code}</code>])}
      />
    </>
  );
}
