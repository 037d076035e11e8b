/**
 * Answers without some keys (`field`, `group` or `group.field`, as the notice's storage table
 * names them): what an explicit consent item withdrawn on its own erases (issue #14), on the
 * server (`erasure/explicit.ts`) and on the tablet (`data/records.ts` `eraseAnswers`).
 */
export function answersWithout(answers: Record<string, unknown>, keys: readonly string[]): { answers: Record<string, unknown>; removed: string[] } {
  const out: Record<string, unknown> = { ...answers };
  const removed: string[] = [];
  for (const key of keys) {
    const [group, field] = key.split('.') as [string, string | undefined];
    if (field === undefined) {
      if (key in out) {
        delete out[key];
        removed.push(key);
      }
    } else if (Array.isArray(out[group])) {
      let found = false;
      out[group] = (out[group] as unknown[]).map((instance) => {
        if (instance === null || typeof instance !== 'object' || !(field in instance)) return instance;
        found = true;
        const { [field]: _gone, ...rest } = instance as Record<string, unknown>;
        return rest;
      });
      if (found) removed.push(key);
    }
  }
  return { answers: out, removed };
}
