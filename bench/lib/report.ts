/**
 * One figure = one row of the table: Lotse's value, the raw baseline measured in the same run,
 * their ratio (always Lotse ÷ baseline), the goal and whether it was met.
 */
import fs from 'node:fs';
import path from 'node:path';

/** `score`: a 0–1 score (Lighthouse), higher is better. */
export type Unit = 'KB' | 'MB' | 'ms' | 'rec/s' | 'entries/s' | 's' | 'score';

export interface Figure {
  benchmark: string;
  name: string;
  unit: Unit;
  lotse: number | null;
  baseline: number | null;
  /** What the baseline is, in a few words (the table's note). */
  baselineLabel: string;
  /** The goal, printed as written, e.g. "≤ 150 KB", "≥ 0.5× raw". */
  goal: string | null;
  pass: boolean | null;
  note?: string;
  /** Every repetition, so runs can be compared beyond the median. */
  samples?: { lotse: number[]; baseline: number[] };
}

export interface BenchmarkOutcome {
  name: string;
  figures: Figure[];
  /** Findings worth reading beside the table (what dominates a cost, what was skipped and why). */
  notes: string[];
  error?: string;
  seconds: number;
}

export function ratioOf(figure: Figure): number | null {
  if (figure.lotse === null || figure.baseline === null || figure.baseline === 0) return null;
  return figure.lotse / figure.baseline;
}

function formatValue(value: number | null, unit: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'KB':
      return `${value.toFixed(1)} KB`;
    case 'ms':
      return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'score':
      return value.toFixed(2);
    default:
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  }
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

export function tableRows(outcomes: BenchmarkOutcome[]): string[][] {
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    if (outcome.error && outcome.figures.length === 0) {
      rows.push([`${outcome.name}: FAILED — ${outcome.error.split('\n')[0]}`, '—', '—', '—', '—', 'error']);
      continue;
    }
    for (const figure of outcome.figures) {
      rows.push([
        figure.name,
        formatValue(figure.lotse, figure.unit),
        `${formatValue(figure.baseline, figure.unit)} (${figure.baselineLabel})`,
        formatRatio(ratioOf(figure)),
        figure.goal ?? '—',
        figure.pass === null ? '—' : figure.pass ? 'yes' : 'NO',
      ]);
    }
  }
  return rows;
}

const header = ['figure', 'Lotse', 'raw baseline', 'ratio', 'goal', 'pass'];

/** A Markdown table (also readable in a terminal). */
export function markdownTable(rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  mode: 'full' | 'quick';
  only: string[] | null;
  machine: object;
  outcomes: BenchmarkOutcome[];
}

/** bench/results/latest.json and a timestamped copy beside it. */
export function writeResults(dir: string, record: RunRecord): { latest: string; copy: string } {
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const copy = path.join(dir, `${stamp}${record.mode === 'quick' ? '-quick' : ''}.json`);
  const latest = path.join(dir, 'latest.json');
  // Written next to the target, then renamed: a run stopped half-way never leaves a torn latest.json.
  fs.writeFileSync(`${latest}.tmp`, text);
  fs.renameSync(`${latest}.tmp`, latest);
  fs.writeFileSync(copy, text);
  return { latest, copy };
}
