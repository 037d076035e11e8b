/**
 * The attacker of the suppression tests: what an onlooker can compute from a shown table.
 * Used by the core property test and by the server's test over everything the evaluation API returns.
 */
import type { ShownCell, ShownTable } from '../index';

/**
 * The attacker: every whole-number assignment of the hidden cells that agrees with what is shown
 * (exact shown counts, "< 5" means 1–4, a secondary hides at least 5, a partition adds up to its
 * shown total), enumerated one by one — no shortcut shared with the code under test. Returns the
 * values each hidden cell can take.
 */
export function possibleValues(shown: Pick<ShownTable, 'kind' | 'total' | 'cells'>, MIN: number): Map<string, Set<number>> {
  const cells = shown.cells ?? [];
  const hidden = cells.filter((c): c is Extract<ShownCell, { hidden: string }> => 'hidden' in c);
  const values = new Map(hidden.map((c) => [c.key, new Set<number>()]));
  if (shown.kind === 'multi' || !('count' in shown.total)) {
    // No sum ties the cells together: each hidden cell is anything its label allows.
    for (const cell of hidden) for (let v = cell.hidden === 'small' ? 1 : MIN; v <= (cell.hidden === 'small' ? MIN - 1 : MIN + 1); v++) values.get(cell.key)!.add(v);
    return values;
  }
  const shownSum = cells.reduce((sum, c) => sum + ('count' in c ? c.count : 0), 0);
  const remaining = shown.total.count - shownSum;
  const chosen: number[] = [];
  const walk = (index: number, left: number) => {
    if (index === hidden.length) {
      if (left === 0) hidden.forEach((cell, i) => values.get(cell.key)!.add(chosen[i]!));
      return;
    }
    const cell = hidden[index]!;
    const [lo, hi] = cell.hidden === 'small' ? [1, MIN - 1] : [MIN, left];
    for (let v = lo; v <= Math.min(hi, left); v++) {
      chosen[index] = v;
      walk(index + 1, left - v);
    }
  };
  walk(0, remaining);
  return values;
}

