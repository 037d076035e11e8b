/**
 * Canonical JSON as RFC 8785 (JSON Canonicalization Scheme, JCS), so that the device, the server
 * and an outside auditor hash the same payload to the same bytes, whatever order keys were
 * written in: properties sorted by their UTF-16 code units, no whitespace, numbers as ECMAScript
 * writes them, strings escaped as JSON.stringify does. canonical-json.test.ts checks the RFC's
 * published vectors. Beyond JCS (whose input must be I-JSON), a lone surrogate is escaped
 * (`\udxxx`) instead of refused, and `undefined` properties are dropped as JSON.stringify does.
 *
 * The server hashes every entry it receives, so the common case is fast: a copy
 * with sorted keys handed to the engine's own JSON.stringify (about twice as fast
 * as writing it out piece by piece). Objects keep integer-like keys in numeric
 * order whatever the insertion order, and `__proto__` cannot be copied as a plain
 * key; a value with such a key is written out by hand (`write`), which is the
 * definition the fast path must agree with (canonical-json.test.ts).
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (error) {
    if (error !== NEEDS_WRITER) throw error;
  }
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

const NEEDS_WRITER = Symbol('canonicalJson: needs the writer');

function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in payload');
    if (value === undefined) throw new TypeError('undefined in payload');
    // Functions, symbols and bigints: the writer decides.
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw NEEDS_WRITER;
    return value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      copy[i] = item === undefined ? null : sortedCopy(item);
    }
    return copy;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NEEDS_WRITER;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') throw NEEDS_WRITER;
    const item = record[key];
    if (item !== undefined) copy[key] = sortedCopy(item);
  }
  return copy;
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
