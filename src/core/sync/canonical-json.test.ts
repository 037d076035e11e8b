import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

function shuffledKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffledKeys(v, seed));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const rotated = keys.slice(seed % Math.max(keys.length, 1)).concat(keys.slice(0, seed % Math.max(keys.length, 1))).reverse();
  return Object.fromEntries(rotated.map((k) => [k, shuffledKeys((value as Record<string, unknown>)[k], seed)]));
}

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0, y: -1.5 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":-1.5,"z":0}}');
  });

  it('is JSON that parses back to the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(20), (value, seed) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(shuffledKeys(value, seed))).toBe(text);
      }),
    );
  });

  it('writes exactly the definition: keys sorted by UTF-16 code units, also integer-like keys and __proto__', () => {
    // The definition, written as plainly as possible (canonicalJson takes a faster path where it can).
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const record = value as Record<string, unknown>;
      return `{${Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`)
        .join(',')}}`;
    };
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '9', '10', '01', '-1', '1.5', '4294967295', '__proto__', 'toJSON', 'ä', '\u{1F600}'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
        fc.array(tie('value')),
        fc.array(fc.tuple(key, tie('value'))).map((pairs) => Object.fromEntries(pairs)),
      ),
    }));
    fc.assert(fc.property(value, (input) => canonicalJson(input) === reference(input)), { numRuns: 500 });
    expect(canonicalJson({ 10: 'a', 9: 'b', x: 1 })).toBe('{"10":"a","9":"b","x":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2},"z":0}'))).toBe('{"__proto__":{"a":2,"b":1},"z":0}');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
