import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressHierarchy, suppressTable, type CountCell, type ShownTable } from './index';
import { possibleValues } from './__fixtures__/attacker';

const MIN = 5;

function assertNothingRecoverable(shown: ShownTable, input: readonly CountCell[]): void {
  if (shown.cells === null) return;
  const byKey = new Map(input.map((c) => [c.key, c.count]));
  for (const cell of shown.cells) {
    if ('count' in cell) {
      // What is shown is exact and never small.
      expect(cell.count).toBe(byKey.get(cell.key));
      expect(cell.count === 0 || cell.count >= MIN).toBe(true);
    } else if (cell.hidden === 'small') {
      expect(byKey.get(cell.key)).toBeGreaterThanOrEqual(1);
      expect(byKey.get(cell.key)).toBeLessThan(MIN);
    } else {
      expect(byKey.get(cell.key)).toBeGreaterThanOrEqual(MIN);
    }
  }
  for (const [key, possible] of possibleValues(shown, MIN)) {
    // The true value is among them (the attacker's model is right) and is not the only one.
    expect(possible.has(byKey.get(key)!), `${key} = ${byKey.get(key)} not in ${[...possible]}`).toBe(true);
    expect(possible.size, `hidden cell ${key} can be computed back: ${JSON.stringify(shown)}`).toBeGreaterThan(1);
  }
}

// Counts weighted towards small ones: that is where suppression has work to do.
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 30 }) });
const cellsArb = fc.array(count, { minLength: 1, maxLength: 7 }).map((counts) => counts.map((c, i) => ({ key: `k${i}`, count: c })));

describe('small-cell suppression', () => {
  it('no hidden cell of a partition can be computed back from the shown cells and total', () => {
    fc.assert(
      fc.property(cellsArb, (cells) => {
        const total = cells.reduce((s, c) => s + c.count, 0);
        const shown = suppressTable({ kind: 'partition', total, cells }, MIN);
        if (total > 0 && total < MIN) expect(shown.total).toEqual({ hidden: 'small' });
        else expect(shown.total).toEqual({ count: total });
        assertNothingRecoverable(shown, cells);
      }),
      { numRuns: 800 },
    );
  });

  it('a table nothing can protect is not shown at all', () => {
    // Two people and three: both cells small, and no larger cell can be hidden with them.
    expect(suppressTable({ kind: 'partition', total: 8, cells: [{ key: 'a', count: 4 }, { key: 'b', count: 4 }] }).cells).toBeNull();
    // One small cell beside large ones: the smallest large one is hidden with it.
    const shown = suppressTable({ kind: 'partition', total: 30, cells: [{ key: 'a', count: 2 }, { key: 'b', count: 8 }, { key: 'c', count: 20 }] });
    expect(shown.cells).toEqual([{ key: 'a', hidden: 'small' }, { key: 'b', hidden: 'secondary' }, { key: 'c', count: 20 }]);
  });

  it('hides only the small cells where a person can count in several cells', () => {
    fc.assert(
      fc.property(cellsArb, fc.integer({ min: 0, max: 200 }), (cells, extra) => {
        const total = Math.max(0, ...cells.map((c) => c.count)) + extra;
        const shown = suppressTable({ kind: 'multi', total, cells }, MIN);
        for (const [i, cell] of (shown.cells ?? []).entries()) {
          const truth = cells[i]!.count;
          expect('hidden' in cell).toBe(truth > 0 && truth < MIN);
        }
      }),
    );
  });

  it('a two-level partition keeps every level safe, and hides the children of a hidden parent', () => {
    const hierarchy = fc.array(fc.array(count, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(hierarchy, (groups) => {
        const children = new Map(groups.map((counts, g) => [`p${g}`, counts.map((c, i) => ({ key: `p${g}c${i}`, count: c }))]));
        const parentCells = [...children].map(([key, cells]) => ({ key, count: cells.reduce((s, c) => s + c.count, 0) }));
        const total = parentCells.reduce((s, c) => s + c.count, 0);
        const shown = suppressHierarchy({ kind: 'partition', total, cells: parentCells }, children, MIN);
        assertNothingRecoverable(shown.parent, parentCells);
        for (const parentCell of shown.parent.cells ?? []) {
          const shownChildren = shown.children.get(parentCell.key)!;
          if (!('count' in parentCell)) {
            expect(shownChildren).toBeNull();
            continue;
          }
          if (shownChildren === null) continue;
          assertNothingRecoverable({ kind: 'partition', total: { count: parentCell.count }, cells: shownChildren }, children.get(parentCell.key)!);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses counts that cannot be counts, and a partition that does not add up', () => {
    expect(() => suppressTable({ kind: 'partition', total: 3, cells: [{ key: 'a', count: 2 }] })).toThrow(/add up/);
    expect(() => suppressTable({ kind: 'multi', total: 3, cells: [{ key: 'a', count: -1 }] })).toThrow(/whole number/);
    expect(() => suppressTable({ kind: 'multi', total: 3, cells: [{ key: 'a', count: 1.5 }] })).toThrow(/whole number/);
  });
});
