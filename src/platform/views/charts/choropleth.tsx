// A choropleth drawn on the server: shapes already projected to SVG paths (the territories
// module's `projectMap`), each filled by its value in five classes of one hue, with a legend.
// The same figures are in the table the page shows beside it.
export interface ChoroplethShape {
  code: string;
  label: string;
  role: 'frame' | 'part';
  d: string;
}

/** Five sequential blues, light to dark; a dark outline stands out against each (3:1 and more). */
export const CHOROPLETH_CLASSES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#f4f6f8';
const STROKE = '#1b2a3a';

/** The class (0–4) of a value among values up to `max`; equal-width classes starting at zero. */
export function choroplethClass(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(CHOROPLETH_CLASSES.length - 1, Math.floor((value / max) * CHOROPLETH_CLASSES.length));
}

export function Choropleth(props: {
  id: string;
  title: string;
  description: string;
  map: { width: number; height: number; shapes: ChoroplethShape[] };
  /** Value by shape code; a part without one is drawn as "no data". */
  values: Map<string, number>;
  /** How a value reads in a shape's tooltip and the legend ("12 reports"). */
  label: (value: number) => string;
  /** A legend entry: the class's range ("de 0 a 12"). */
  legend: (from: number, to: number) => string;
}) {
  const max = Math.max(0, ...props.values.values());
  const legend = CHOROPLETH_CLASSES.map((fill, i) => ({ fill, from: (max * i) / CHOROPLETH_CLASSES.length, to: (max * (i + 1)) / CHOROPLETH_CLASSES.length }));
  return (
    <figure class="choropleth">
      <svg viewBox={`0 0 ${props.map.width} ${props.map.height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} width="100%" id={props.id}>
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.map.shapes.map((shape) => {
          const value = props.values.get(shape.code);
          const fill = shape.role === 'frame' || value === undefined ? NO_DATA : CHOROPLETH_CLASSES[choroplethClass(value, max)];
          // No links inside: an image with focusable parts fails axe (nested-interactive); the table beside links each territory.
          return (
            <path key={shape.code} d={shape.d} fill={fill} stroke={STROKE} stroke-width={shape.role === 'frame' ? 2 : 1} fill-rule="evenodd" data-code={shape.code} data-value={value}>
              <title>{value === undefined ? shape.label : `${shape.label}: ${props.label(value)}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        {props.description}
        <ul class="choropleth__legend">
          {legend.map((entry) => (
            <li key={entry.fill}>
              <svg width="16" height="16" aria-hidden="true" focusable="false">
                <rect width="16" height="16" fill={entry.fill} stroke={STROKE} />
              </svg>{' '}
              {props.legend(Math.round(entry.from), Math.round(entry.to))}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
