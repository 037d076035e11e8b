/**
 * What the evaluation page draws, from the server's suppressed tables: the figures in report
 * order, each cell's label and share, and nothing the server did not say — a hidden cell has no
 * count and no share here, and no total is recomputed from the cells (a sum over shown cells next
 * to a shown total would give a hidden cell back).
 */
import type { Evaluation, EvaluationCell, EvaluationTable } from '../api';

/** Where a figure's value names come from when the server sent no label (UI strings, `evaluation.keys.*`). */
export type KeyLabels = (figureId: string, key: string) => string;

export interface FigureRow {
  key: string;
  label: string;
  /** The count, or why it is hidden. */
  value: { count: number; share: number | null } | { hidden: 'small' | 'secondary' };
}

export interface Figure {
  /** Unique on the page: the dimension, `consent:<recipient>` or `occupationGroup`. */
  id: string;
  /** A UI string key (`evaluation.figures.<titleKey>`), with `titleValues` for recipients. */
  titleKey: string;
  titleValues?: Record<string, string>;
  /** The section of the report it belongs to. */
  section: 'interviews' | 'person' | 'language' | 'education' | 'work' | 'plans' | 'consent';
  kind: EvaluationTable['kind'];
  /** A time axis: drawn as columns in order, never sorted by count. */
  timeline: boolean;
  /** People counted for this figure, as the server showed it. */
  total: EvaluationTable['total'];
  /** Null: too few people to show this breakdown at all. */
  rows: FigureRow[] | null;
  /** Rows grouped under a parent (occupational main groups under their area). */
  groupOf?: Record<string, string>;
}

const shareOf = (count: number, total: EvaluationTable['total']): number | null => ('count' in total && total.count > 0 ? count / total.count : null);

/** Ordinal dimensions keep their scale's order; `none`/`notStated` go last everywhere. */
const scales: Record<string, readonly string[]> = {
  ageBand: ['under18', '18-24', '25-34', '35-44', '45-54', '55-64', '65plus'],
  workYears: ['none', 'under1', '1-2', '3-5', '6-10', 'over10'],
  cefr: ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'notAssessed'],
  isced: ['0', '1', '2', '3', '4', '5', '6', '7', '8'],
  completion: ['completed', 'notCompleted', 'none'],
  drivingLicence: ['yes', 'no'],
  consent: ['given', 'refused', 'withdrawn'],
  inclusion: ['counted', 'refused', 'withdrawn', 'purposeRefused', 'unreadable'],
};

const scaleOf = (id: string): readonly string[] | undefined =>
  id.startsWith('german') ? scales.cefr : id === 'vocationalTraining' || id === 'studies' ? scales.completion : id.startsWith('consent:') ? scales.consent : scales[id];

const lastKeys = ['none', 'notStated'];

function ordered(id: string, cells: readonly EvaluationCell[], label: (cell: EvaluationCell) => string): EvaluationCell[] {
  if (id === 'week' || id === 'occupationGroup' || id === 'occupationArea') return [...cells];
  const scale = scaleOf(id);
  const rank = (cell: EvaluationCell) => (lastKeys.includes(cell.key) && !scale?.includes(cell.key) ? 2 : 'hidden' in cell ? 1 : 0);
  return [...cells].sort((a, b) => {
    if (scale) {
      const ia = scale.indexOf(a.key);
      const ib = scale.indexOf(b.key);
      if (ia !== ib) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
      return 0;
    }
    // Nominal values: the largest first, hidden ones after the shown ones (their order says nothing), then by name.
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    if ('count' in a && 'count' in b && a.count !== b.count) return b.count - a.count;
    return label(a).localeCompare(label(b));
  });
}

function rowsOf(id: string, table: Pick<EvaluationTable, 'cells' | 'total'>, keyLabel: KeyLabels): FigureRow[] | null {
  if (table.cells === null) return null;
  const label = (cell: EvaluationCell) => cell.label ?? keyLabel(id, cell.key);
  return ordered(id, table.cells, label).map((cell) => ({
    key: cell.key,
    label: label(cell),
    value: 'count' in cell ? { count: cell.count, share: shareOf(cell.count, table.total) } : { hidden: cell.hidden },
  }));
}

const sectionOf: Record<string, Figure['section']> = {
  week: 'interviews',
  nationality: 'person',
  ageBand: 'person',
  sex: 'person',
  municipality: 'person',
  residenceStatus: 'person',
  isced: 'education',
  vocationalTraining: 'education',
  studies: 'education',
  otherLanguage: 'language',
  occupationArea: 'work',
  occupationGroup: 'work',
  workYears: 'work',
  drivingLicence: 'work',
  goal: 'plans',
  measure: 'plans',
  referralPartner: 'plans',
};

/** The report's order of the server's tables. */
const order = [
  'week', 'nationality', 'ageBand', 'sex', 'municipality', 'residenceStatus',
  'germanListening', 'germanReading', 'germanSpokenInteraction', 'germanSpokenProduction', 'germanWriting', 'otherLanguage',
  'isced', 'vocationalTraining', 'studies',
  'occupationArea', 'occupationGroup', 'workYears', 'drivingLicence',
  'goal', 'measure', 'referralPartner',
];

/** Every figure of the report, in order: the server's tables, occupation (area, then main groups), consent per recipient. */
export function figuresOf(evaluation: Evaluation, keyLabel: KeyLabels): Figure[] {
  const byId = new Map<string, EvaluationTable>(evaluation.tables.map((table) => [table.id, table]));
  byId.set('occupationArea', evaluation.occupation.areas);
  const figures: Figure[] = [];
  for (const id of order) {
    if (id === 'occupationGroup') {
      figures.push(occupationGroups(evaluation, keyLabel));
      continue;
    }
    const table = byId.get(id);
    if (!table) continue;
    figures.push({
      id,
      titleKey: id,
      section: sectionOf[id] ?? 'language',
      kind: table.kind,
      timeline: id === 'week',
      total: table.total,
      rows: rowsOf(id, table, keyLabel),
    });
  }
  for (const recipient of evaluation.recipients) {
    const id = `consent:${recipient.id}`;
    figures.push({
      id,
      titleKey: 'consent',
      titleValues: { recipient: recipient.label },
      section: 'consent',
      kind: 'partition',
      timeline: false,
      total: recipient.table.total,
      rows: rowsOf(id, recipient.table, keyLabel),
    });
  }
  return figures;
}

/**
 * The main groups of every shown area, in code order, grouped under their area. Each area's groups
 * were suppressed as a partition of that area's count; the total is the areas' table's.
 */
function occupationGroups(evaluation: Evaluation, keyLabel: KeyLabels): Figure {
  const areas = evaluation.occupation.areas;
  const rows: FigureRow[] = [];
  const groupOf: Record<string, string> = {};
  for (const area of areas.cells ?? []) {
    const cells = evaluation.occupation.groups[area.key];
    if (!cells || !('count' in area)) continue;
    for (const row of rowsOf('occupationGroup', { cells, total: areas.total }, keyLabel) ?? []) {
      rows.push(row);
      groupOf[row.key] = area.label ?? keyLabel('occupationArea', area.key);
    }
  }
  return {
    id: 'occupationGroup',
    titleKey: 'occupationGroup',
    section: 'work',
    kind: 'partition',
    timeline: false,
    total: areas.total,
    rows: areas.cells === null ? null : rows,
    groupOf,
  };
}

/** The inclusion table as a figure: counted, and why the others were left out. */
export function inclusionFigure(evaluation: Evaluation, keyLabel: KeyLabels): Figure {
  return {
    id: 'inclusion',
    titleKey: 'inclusion',
    section: 'interviews',
    kind: 'partition',
    timeline: false,
    total: evaluation.inclusion.total,
    rows: rowsOf('inclusion', evaluation.inclusion, keyLabel),
  };
}

/** ISO week number and year of a Monday `YYYY-MM-DD`. */
export function isoWeek(monday: string): { week: number; year: number } {
  const date = new Date(`${monday}T00:00:00Z`);
  const thursday = new Date(date.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  return { week: 1 + Math.round((date.getTime() - firstMonday) / (7 * 86_400_000)), year };
}
