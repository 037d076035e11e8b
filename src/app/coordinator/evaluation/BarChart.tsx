/**
 * A bar chart in plain SVG (no chart library: the figures are bars and numbers, and
 * @observablehq/plot would add ~85 KB gzip to this page for the same drawing). Vector shapes and
 * text, so it stays sharp when printed. The numbers are in the table beside it; the chart only
 * shows them, and a hidden cell is drawn as a labelled gap, never as a bar of a guessed length.
 */
import type { FigureRow } from './figures';

const ROW = 22;
const BAR = 14;
const WIDTH = 480;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 56;
const MAX_LABEL = 30;

function shortened(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

export interface BarChartProps {
  rows: readonly FigureRow[];
  /** The text for a hidden cell ("< 5", "hidden"), and a number in the UI locale. */
  hiddenText: (why: 'small' | 'secondary') => string;
  formatCount: (count: number) => string;
  /** Read by screen readers in place of the drawing; the table beside holds the numbers. */
  description: string;
  /** Columns over a time axis (interviews per week) instead of bars. */
  timeline?: boolean;
  /** Short labels for the time axis. */
  axisLabel?: (row: FigureRow) => string;
  /** The base of the figure ("n = 695"), written beneath the drawing. */
  base: string;
}

const BASE_LINE = 18;

export function BarChart({ rows, hiddenText, formatCount, description, timeline = false, axisLabel, base }: BarChartProps) {
  const max = Math.max(1, ...rows.map((row) => ('count' in row.value ? row.value.count : 0)));
  if (timeline) return <Columns rows={rows} max={max} hiddenText={hiddenText} formatCount={formatCount} description={description} axisLabel={axisLabel} base={base} />;
  const plotHeight = rows.length * ROW + 4;
  const height = plotHeight + BASE_LINE;
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max;
  return (
    <svg className="eval-chart" role="img" aria-label={description} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} preserveAspectRatio="xMinYMin meet">
      <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={0} y2={plotHeight} className="eval-chart__axis" />
      {rows.map((row, index) => {
        const y = index * ROW + 2;
        const labelText = shortened(row.label);
        return (
          <g key={row.key} transform={`translate(0 ${y})`}>
            <text x={LABEL_WIDTH - 6} y={ROW / 2} dominantBaseline="central" textAnchor="end" className="eval-chart__label">
              {labelText !== row.label && <title>{row.label}</title>}
              {labelText}
            </text>
            {'count' in row.value ? (
              <>
                <rect x={LABEL_WIDTH} y={(ROW - BAR) / 2} width={Math.max(row.value.count > 0 ? 1 : 0, row.value.count * scale)} height={BAR} className="eval-chart__bar" />
                <text x={LABEL_WIDTH + row.value.count * scale + 4} y={ROW / 2} dominantBaseline="central" className="eval-chart__value">
                  {formatCount(row.value.count)}
                </text>
              </>
            ) : (
              <text x={LABEL_WIDTH + 4} y={ROW / 2} dominantBaseline="central" className="eval-chart__hidden">
                {hiddenText(row.value.hidden)}
              </text>
            )}
          </g>
        );
      })}
      <text x={WIDTH - 4} y={height - 4} textAnchor="end" className="eval-chart__base">
        {base}
      </text>
    </svg>
  );
}

const COLUMN_AREA = 150;
const AXIS = 34;

function Columns({ rows, max, hiddenText, formatCount, description, axisLabel, base }: Omit<BarChartProps, 'timeline'> & { max: number }) {
  const step = Math.min(48, (WIDTH - 8) / Math.max(1, rows.length));
  const bar = Math.max(2, step * 0.7);
  const height = COLUMN_AREA + AXIS + 14 + BASE_LINE;
  const top = 14;
  const every = Math.ceil(rows.length / 12);
  return (
    <svg className="eval-chart" role="img" aria-label={description} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} preserveAspectRatio="xMinYMin meet">
      <line x1={4} x2={WIDTH - 4} y1={top + COLUMN_AREA} y2={top + COLUMN_AREA} className="eval-chart__axis" />
      {rows.map((row, index) => {
        const x = 4 + index * step + (step - bar) / 2;
        const label = axisLabel?.(row) ?? row.label;
        const barHeight = 'count' in row.value ? (row.value.count / max) * COLUMN_AREA : 0;
        return (
          <g key={row.key}>
            {'count' in row.value ? (
              <>
                <rect x={x} y={top + COLUMN_AREA - barHeight} width={bar} height={barHeight} className="eval-chart__bar" />
                {step >= 22 && (
                  <text x={x + bar / 2} y={top + COLUMN_AREA - barHeight - 3} textAnchor="middle" className="eval-chart__value">
                    {formatCount(row.value.count)}
                  </text>
                )}
              </>
            ) : (
              <text x={x + bar / 2} y={top + COLUMN_AREA - 4} textAnchor="middle" className="eval-chart__hidden">
                {hiddenText(row.value.hidden)}
              </text>
            )}
            {index % every === 0 && (
              <text x={x + bar / 2} y={top + COLUMN_AREA + 14} textAnchor="middle" className="eval-chart__label">
                {label}
              </text>
            )}
          </g>
        );
      })}
      <text x={WIDTH - 4} y={height - 4} textAnchor="end" className="eval-chart__base">
        {base}
      </text>
    </svg>
  );
}
