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

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
