/**
 * Canonical JSON (keys sorted, no whitespace) so that the device and the server
 * hash the same payload to the same bytes, whatever order keys were written in.
 *
 * Written into one growing list of parts rather than by joining mapped arrays at
 * every level: payloads carry signature strokes (thousands of small objects), and
 * the server hashes every entry it receives.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, parts: string[]): void {
  if (value === null) {
    parts.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value));
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in payload');
      // For finite numbers String() and JSON.stringify() agree (also for -0 and exponents).
      parts.push(String(value));
      return;
    case 'undefined':
      throw new TypeError('undefined in payload');
    case 'object':
      break;
    default:
      // Functions, symbols and bigints have no JSON form; JSON.stringify would drop or throw.
      parts.push(JSON.stringify(value) ?? 'null');
      return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      const item: unknown = value[i];
      if (item === undefined) parts.push('null');
      else write(item, parts);
    }
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  parts.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    write(item, parts);
  }
  parts.push('}');
}
