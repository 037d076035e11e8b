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

/** A float64 from its IEEE 754 bits, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

// The published vectors of RFC 8785 (JSON Canonicalization Scheme), so an auditor with any JCS
// implementation gets the bytes we hash.
describe('canonicalJson is RFC 8785 (JCS)', () => {
  it('section 3.2.4: the example object, with its numbers, literals and string escapes', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it('section 3.2.3: properties sorted by UTF-16 code units, not by code points or UTF-8 bytes', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // Parsing the result back would put "1" first (objects order integer keys first), so read the text.
    const order = [...canonicalJson(JSON.parse(input)).matchAll(/:"([^"]*)"/g)].map((match) => match[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    // U+1F600 (a surrogate pair starting 0xD83D) sorts before U+FB33, though its code point is larger.
    expect(canonicalJson({ '\ufb33': 2, '\u{1F600}': 1 })).toBe('{"\u{1F600}":1,"\ufb33":2}');
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('Appendix B: the number with bits %s is written %s', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
    expect(canonicalJson({ n: [fromBits(bits)] })).toBe(`{"n":[${expected}]}`);
    // An integer-like key sends the value through the hand-written path.
    expect(canonicalJson({ 1: fromBits(bits) })).toBe(`{"1":${expected}}`);
  });

  it('Appendix B: NaN and Infinity are refused', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow(TypeError);
    expect(() => canonicalJson({ n: fromBits('7ff0000000000000') })).toThrow(TypeError);
    expect(() => canonicalJson([Number.NEGATIVE_INFINITY])).toThrow(TypeError);
  });

  it('escapes exactly what JCS escapes: the two-character forms, other controls as lower-case \\u00xx, nothing else', () => {
    expect(canonicalJson('\b\t\n\f\r"\\')).toBe(String.raw`"\b\t\n\f\r\"\\"`);
    expect(canonicalJson('\u0000\u001f\u007f/</script>é\u2028')).toBe('"\\u0000\\u001f\u007f/</script>é\u2028"');
  });

  it('beyond JCS: a lone surrogate, which JCS refuses as not I-JSON, is escaped as JSON.stringify does', () => {
    // Kept rather than refused so that an interview with such text (a broken paste) can still be
    // completed; a payload without lone surrogates, which is every real one, is pure JCS.
    expect(canonicalJson({ name: 'a\ud83d' })).toBe('{"name":"a\\ud83d"}');
  });
});
