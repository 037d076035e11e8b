/**
 * Small-cell suppression for the steering committee's figures: no count of fewer than
 * `minCell` people is shown (it reads "< 5"), and no such count can be computed back from what
 * is shown beside it (secondary suppression).
 *
 * What an onlooker knows, and what the rules below are proven against (suppression.property.test.ts
 * enumerates every assignment consistent with a shown table):
 * - a shown count is exact; 0 is shown as 0 (nobody is not a person);
 * - a cell shown as "< minCell" holds 1 … minCell − 1;
 * - a cell hidden to protect others ("secondary") holds at least minCell (only such cells are chosen);
 * - in a partition table every person is in exactly one cell, so the cells add up to the table's
 *   total, which is shown (it is the number of records counted, or a shown parent cell).
 * A hidden cell is safe when at least two values are consistent with all of that. For one sum
 * constraint over whole-number boxes, the values a cell can take are exactly the interval
 * [max(lo, S − Σ other hi), min(hi, S − Σ other lo)], so safety is checked exactly, not estimated.
 *
 * Tables where a person can count in several cells (goals, other languages) have no sum
 * constraint: hiding the small cells is enough there.
 */

export const DEFAULT_MIN_CELL = 5;

/** Counted people per key. */
export interface CountCell {
  readonly key: string;
  readonly count: number;
}

export interface CountTable {
  /**
   * `partition`: every counted person is in exactly one cell (the cells add up to `total`);
   * `multi`: a person may be in several cells or none (no sum).
   */
  readonly kind: 'partition' | 'multi';
  /** The people counted for this table (for a partition: the cells' sum). */
  readonly total: number;
  readonly cells: readonly CountCell[];
}

/** A cell as shown: its count, or why it is hidden. */
export type ShownCell =
  | { readonly key: string; readonly count: number }
  | { readonly key: string; readonly hidden: 'small' | 'secondary' };

export interface ShownTable {
  readonly kind: CountTable['kind'];
  /** The table's total; hidden ("< minCell") only when it is itself small. */
  readonly total: { readonly count: number } | { readonly hidden: 'small' };
  /**
   * The cells as shown, or null when no way of hiding cells protects them (a breakdown of a very
   * small group whose counts are all small): the table is then not shown at all.
   */
  readonly cells: readonly ShownCell[] | null;
}

function assertCounts(table: CountTable): void {
  for (const cell of table.cells) {
    if (!Number.isInteger(cell.count) || cell.count < 0) throw new Error(`count of "${cell.key}" is not a whole number ≥ 0: ${cell.count}`);
  }
  if (!Number.isInteger(table.total) || table.total < 0) throw new Error(`total is not a whole number ≥ 0: ${table.total}`);
  if (table.kind === 'partition') {
    const sum = table.cells.reduce((s, c) => s + c.count, 0);
    if (sum !== table.total) throw new Error(`a partition's cells add up to ${sum}, not to its total ${table.total}`);
  }
}

interface Box {
  lo: number;
  hi: number;
}

/** The whole numbers a hidden cell can hold given the others' boxes and the hidden sum: [min, max]. */
export function feasibleRange(boxes: readonly Box[], index: number, hiddenSum: number): [number, number] {
  let otherLo = 0;
  let otherHi = 0;
  boxes.forEach((box, i) => {
    if (i === index) return;
    otherLo += box.lo;
    otherHi += box.hi;
  });
  const own = boxes[index]!;
  return [Math.max(own.lo, hiddenSum - otherHi), Math.min(own.hi, hiddenSum - otherLo)];
}

/** What an onlooker knows of a hidden cell. */
export function boxOf(hidden: 'small' | 'secondary', minCell: number, total: number): Box {
  return hidden === 'small' ? { lo: 1, hi: minCell - 1 } : { lo: minCell, hi: Math.max(minCell, total) };
}

function anyPinned(hidden: ReadonlyMap<string, 'small' | 'secondary'>, counts: ReadonlyMap<string, number>, minCell: number, total: number): boolean {
  const keys = [...hidden.keys()];
  const boxes = keys.map((key) => boxOf(hidden.get(key)!, minCell, total));
  const hiddenSum = keys.reduce((sum, key) => sum + counts.get(key)!, 0);
  return keys.some((_, index) => {
    const [min, max] = feasibleRange(boxes, index, hiddenSum);
    return min >= max;
  });
}

/**
 * Hides the cells of one table: every count from 1 to `minCell − 1`, and in a partition as many
 * more (the smallest first) as it takes until no hidden cell can be computed back.
 */
export function suppressTable(table: CountTable, minCell = DEFAULT_MIN_CELL): ShownTable {
  assertCounts(table);
  if (!Number.isInteger(minCell) || minCell < 2) throw new Error('minCell must be a whole number of at least 2');
  const isSmall = (count: number) => count > 0 && count < minCell;
  const total = isSmall(table.total) ? ({ hidden: 'small' } as const) : ({ count: table.total } as const);
  const hidden = new Map<string, 'small' | 'secondary'>();
  for (const cell of table.cells) if (isSmall(cell.count)) hidden.set(cell.key, 'small');

  if (table.kind === 'partition' && hidden.size > 0) {
    // A small total means every cell is small: the table tells nothing then and is not shown.
    if (isSmall(table.total)) return { kind: table.kind, total, cells: null };
    const counts = new Map(table.cells.map((cell) => [cell.key, cell.count]));
    const candidates = table.cells
      .filter((cell) => cell.count >= minCell)
      .sort((a, b) => a.count - b.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    while (anyPinned(hidden, counts, minCell, table.total)) {
      const next = candidates.shift();
      if (!next) return { kind: table.kind, total, cells: null };
      hidden.set(next.key, 'secondary');
    }
  }
  return {
    kind: table.kind,
    total,
    cells: table.cells.map((cell) => {
      const why = hidden.get(cell.key);
      return why ? { key: cell.key, hidden: why } : { key: cell.key, count: cell.count };
    }),
  };
}

/**
 * A two-level partition (occupation area → occupational main group): the parent table is
 * suppressed first; each shown parent cell is the total of its children's partition. The children
 * of a hidden parent cell are not shown at all (null): even which of them are non-zero would tell
 * how many people the hidden cell holds at least.
 */
export function suppressHierarchy(
  parent: CountTable,
  children: ReadonlyMap<string, readonly CountCell[]>,
  minCell = DEFAULT_MIN_CELL,
): { parent: ShownTable; children: Map<string, readonly ShownCell[] | null> } {
  if (parent.kind !== 'partition') throw new Error('a hierarchy is a partition at both levels');
  const shownParent = suppressTable(parent, minCell);
  const shownChildren = new Map<string, readonly ShownCell[] | null>();
  for (const cell of parent.cells) {
    const shownCell = shownParent.cells?.find((c) => c.key === cell.key);
    shownChildren.set(
      cell.key,
      shownCell && 'count' in shownCell ? suppressTable({ kind: 'partition', total: cell.count, cells: children.get(cell.key) ?? [] }, minCell).cells : null,
    );
  }
  return { parent: shownParent, children: shownChildren };
}
