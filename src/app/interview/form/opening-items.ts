/**
 * How many of a section's items the form stage's opening render holds (issue #15; the rest come
 * once it has been painted, `SectionView`'s `useItemsShown`): the questions a tablet shows above
 * the fold under the stage's header, and at least the first one that takes an answer — the app
 * fills section A's first four itself (read-only), and the interviewer must be able to type in
 * the first paint, not a frame later.
 */
import type { VisibleSection } from '../../../core/form';
import { isAppFilled } from './form-values';

/** The questions a tablet shows above the fold under the stage's header (1024×768 or 768×1024). */
export const FIRST_ITEMS = 4;

type Item = VisibleSection['items'][number];

/** Whether an item takes an answer from the interviewer: not a note, not a field the app fills. */
function takesAnswer(item: Item): boolean {
  if (item.kind === 'group') return true;
  return item.field.type !== 'note' && !(item.path === item.field.id && isAppFilled(item.field.id));
}

export function openingItemCount(items: readonly Item[]): number {
  return Math.min(items.length, Math.max(FIRST_ITEMS, items.findIndex(takesAnswer) + 1));
}
