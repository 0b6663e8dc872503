// Charts drawn on the server as SVG (they work without JavaScript), named and described for
// screen readers; a page always shows them beside a table of the same figures (`ChartTable`).
import { useView } from '../context.ts';

export interface ChartPoint {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 64;
const BOTTOM = 40;
const TOP = 12;
const INK = '#0b0c0c';
const GRID = '#b1b4b6';
const BAR = '#1d70b8';

/** The frame both charts share: the value axis with five ticks and the SVG's accessible name. */
function Frame(props: { id: string; title: string; description: string; max: number; className: string; children: preact.ComponentChildren }) {
  const { format } = useView();
  const scale = (value: number) => ((HEIGHT - TOP - BOTTOM) * value) / props.max;
  return (
    <figure class={props.className}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => {
          const tick = f * props.max;
          const y = HEIGHT - BOTTOM - scale(tick);
          return (
            <g key={f}>
              <line x1={LEFT} x2={WIDTH - 8} y1={y} y2={y} stroke={GRID} stroke-width="1" />
              <text x={LEFT - 6} y={y + 4} text-anchor="end" font-size="12" fill={INK}>
                {format.number(tick, { notation: 'compact', maximumFractionDigits: 1 })}
              </text>
            </g>
          );
        })}
        {props.children}
      </svg>
    </figure>
  );
}

const slotOf = (count: number) => (WIDTH - LEFT - 8) / Math.max(1, count);
const yOf = (value: number, max: number) => HEIGHT - BOTTOM - ((HEIGHT - TOP - BOTTOM) * value) / max;

/** Labels under the axis, at most about twelve (every n-th when there are more). */
function AxisLabels(props: { points: ChartPoint[] }) {
  const slot = slotOf(props.points.length);
  const every = Math.ceil(props.points.length / 12);
  return (
    <>
      {props.points.map((point, i) =>
        i % every === 0 ? (
          <text key={point.label} x={LEFT + i * slot + slot / 2} y={HEIGHT - BOTTOM + 16} text-anchor="middle" font-size="12" fill={INK}>
            {point.label.length > 14 ? `${point.label.slice(0, 13)}…` : point.label}
          </text>
        ) : null,
      )}
    </>
  );
}

/** Bars, one per point (by territory, by agency, by month). */
export function BarChart(props: { id: string; title: string; description: string; points: ChartPoint[]; className?: string }) {
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const slot = slotOf(props.points.length);
  return (
    <Frame id={props.id} title={props.title} description={props.description} max={max} className={props.className ?? 'chart'}>
      {props.points.map((point, i) => (
        <rect key={point.label} x={LEFT + i * slot + slot * 0.15} y={yOf(point.value, max)} width={slot * 0.7} height={HEIGHT - BOTTOM - yOf(point.value, max)} fill={BAR} />
      ))}
      <AxisLabels points={props.points} />
    </Frame>
  );
}

/** A trend: one line through the points in order (months), each point marked. */
export function LineChart(props: { id: string; title: string; description: string; points: ChartPoint[]; className?: string }) {
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const slot = slotOf(props.points.length);
  const xy = props.points.map((point, i) => [LEFT + i * slot + slot / 2, yOf(point.value, max)] as const);
  return (
    <Frame id={props.id} title={props.title} description={props.description} max={max} className={props.className ?? 'chart'}>
      {xy.length > 1 ? <polyline points={xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')} fill="none" stroke={BAR} stroke-width="3" /> : null}
      {xy.map(([x, y], i) => (
        <circle key={props.points[i]!.label} cx={x.toFixed(1)} cy={y.toFixed(1)} r="4" fill={BAR} />
      ))}
      <AxisLabels points={props.points} />
    </Frame>
  );
}
