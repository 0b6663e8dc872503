// A bar chart drawn on the server as SVG (works without JavaScript), named and described for
// screen readers, always shown beside a table of the same figures.
import { useView } from '../../../platform/views/context.ts';

export function BarChart(props: { id: string; title: string; description: string; points: Array<{ label: string; value: number }> }) {
  const { format } = useView();
  const width = 640;
  const height = 260;
  const left = 64;
  const bottom = 40;
  const top = 12;
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const slot = (width - left - 8) / Math.max(1, props.points.length);
  const scale = (value: number) => ((height - top - bottom) * value) / max;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const every = Math.ceil(props.points.length / 12);
  return (
    <figure class="open-data-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - 8} y1={height - bottom - scale(tick)} y2={height - bottom - scale(tick)} stroke="#b1b4b6" stroke-width="1" />
            <text x={left - 6} y={height - bottom - scale(tick) + 4} text-anchor="end" font-size="12" fill="#0b0c0c">
              {format.number(tick, { notation: 'compact', maximumFractionDigits: 1 })}
            </text>
          </g>
        ))}
        {props.points.map((point, i) => (
          <g key={point.label}>
            <rect x={left + i * slot + slot * 0.15} y={height - bottom - scale(point.value)} width={slot * 0.7} height={scale(point.value)} fill="#1d70b8" />
            {i % every === 0 ? (
              <text x={left + i * slot + slot / 2} y={height - bottom + 16} text-anchor="middle" font-size="12" fill="#0b0c0c">
                {point.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}
