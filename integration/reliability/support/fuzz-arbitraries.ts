/**
 * fast-check arbitraries for malformed API requests: bodies (random JSON, mutated valid bodies,
 * huge strings, deep nesting, invalid UTF-8, non-JSON), content types, query strings, path
 * parameters, Authorization headers and cookies. Anything that depends on the server's state
 * (a live session, a device's next seq) is generated as a symbol and resolved when sent.
 *
 * Bodies are written as text by `jsonText`, not `JSON.stringify`: a value nested 100 000 deep
 * would overflow the test's own stack, so it travels as a raw piece of text.
 */
import fc from 'fast-check';

const rawText = Symbol('raw JSON text');

/** What is only known when a request is sent. */
export interface SendContext {
  /** The fuzz device's next push seq. */
  nextSeq: number;
  deviceId: string;
  /** An enrolment code nobody has redeemed yet. */
  enrolmentCode: string;
}

/** A piece of JSON text written as is, when the request is sent. */
export interface RawJson {
  readonly [rawText]: (context: SendContext) => string;
}

export type FuzzJson = null | boolean | number | string | RawJson | FuzzJson[] | { [key: string]: FuzzJson };

/** `label` is how fast-check prints the piece in a counterexample. */
export function rawJson(write: (context: SendContext) => string, label: string): RawJson {
  return { [rawText]: write, [fc.toStringMethod]: () => `«${label}»` } as RawJson;
}

export function isRawJson(value: unknown): value is RawJson {
  return typeof value === 'object' && value !== null && rawText in value;
}

/** A push seq relative to the fuzz device's next one (0: the next, -1: already handled, 1: a gap). */
export function seqSlot(offset: number): RawJson {
  return rawJson(({ nextSeq }) => String(Math.max(0, nextSeq + offset)), `next seq ${offset >= 0 ? '+' : ''}${offset}`);
}

export function jsonText(value: FuzzJson, context: SendContext): string {
  if (isRawJson(value)) return value[rawText](context);
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item, context)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item, context)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The value as plain JSON (raw pieces resolved), or undefined when it holds text that is not a plain value. */
export function plainJson(value: FuzzJson, context: SendContext): unknown {
  try {
    const text = jsonText(value, context);
    return text.length > 1_000_000 ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function cloneFuzz(value: FuzzJson): FuzzJson {
  if (isRawJson(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneFuzz);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneFuzz(item)]));
}

// ---------------------------------------------------------------------------------------------
// Values

const nastyChars = ['\u0000', '\ud800', '\udc00', '\u202e', '\ufeff', '\uffff', '\u2028', "'", '"', '\\', '%', '\n', '\t', '𝕏', 'ß', 'İ', '٣', '\u0301', '@', '/'];

const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 400_000 }), fc.constantFrom('x', 'ä', '\u0000', '𝕏', '"', '\\'))
  .map(([length, char]) => char.repeat(length));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...nastyChars), maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '', ' ', 'null', '__proto__', 'constructor', '0', '-1', 'NaN', "' OR 1=1 --", '<script>alert(1)</script>', '../../etc/passwd',
      'Bearer', 'de', 'en', 'ar', 'testbogen@1', 'notice', 'form', 'ABCD-EFGH', '00000000-0000-4000-8000-000000000000',
    ),
  },
);

const nastyNumber: fc.Arbitrary<FuzzJson> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2, 5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 0.5, 5e-324),
  fc.constantFrom('1e400', '-1e400', '-0', '12345678901234567890123', '1E2', '0.1e1').map((text) => rawJson(() => text, text)),
);

/** Nesting deeper than any sane body, written as text. */
export const deepValue: fc.Arbitrary<RawJson> = fc
  .tuple(fc.integer({ min: 100, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    rawJson(() => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)), `${arrays ? 'arrays' : 'objects'} nested ${depth} deep`),
  );

export const fuzzValue: fc.Arbitrary<FuzzJson> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<FuzzJson> },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<FuzzJson>, { maxKeys: 5 }) },
);

// ---------------------------------------------------------------------------------------------
// Mutations of a valid body

export interface Mutation {
  /** `spice`: a nasty character slipped into a string that is otherwise valid, so it gets past the schemas. */
  op: 'delete' | 'replace' | 'add' | 'spice';
  /** Each step picks a child (index modulo the number of children) until there is none. */
  steps: number[];
  key: string;
  value: FuzzJson;
  char: string;
  position: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'replace', 'replace', 'add', 'spice', 'spice'),
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  key: fc.oneof(nastyString, fc.constantFrom('extra', '__proto__', 'constructor', 'seq', 'payload')),
  value: fuzzValue,
  char: fc.constantFrom(...nastyChars),
  position: fc.nat(),
});

function children(value: FuzzJson): (string | number)[] {
  if (isRawJson(value) || value === null || typeof value !== 'object') return [];
  return Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
}

/** A copy of `template` with the mutations applied. */
export function mutated(template: FuzzJson, mutations: Mutation[]): FuzzJson {
  let root = cloneFuzz(template);
  for (const { op, steps, key, value, char, position } of mutations) {
    let parent: FuzzJson[] | Record<string, FuzzJson> | undefined;
    let at: string | number | undefined;
    let current = root;
    for (const step of steps) {
      const keys = children(current);
      if (keys.length === 0) break;
      parent = current as FuzzJson[] | Record<string, FuzzJson>;
      at = keys[step % keys.length]!;
      current = (parent as Record<string | number, FuzzJson>)[at]!;
    }
    if (op === 'spice') {
      // The nearest string on the way down (or the one reached) gets the character.
      if (typeof current === 'string' && parent !== undefined && at !== undefined) {
        const cut = position % (current.length + 1);
        (parent as Record<string | number, FuzzJson>)[at] = current.slice(0, cut) + char + current.slice(cut);
      }
    } else if (op === 'add' && children(current).length > 0) {
      if (Array.isArray(current)) current.push(value);
      else Object.defineProperty(current, key, { value, enumerable: true, writable: true, configurable: true });
    } else if (op === 'delete' && parent !== undefined && at !== undefined) {
      if (Array.isArray(parent)) parent.splice(at as number, 1);
      else delete parent[at];
    } else if (parent !== undefined && at !== undefined) {
      (parent as Record<string | number, FuzzJson>)[at] = value;
    } else {
      root = value;
    }
  }
  return root;
}

/** NUL and lone surrogates first: what a database or an encoder is most likely to choke on. */
const spiceChar = fc.oneof(
  { weight: 4, arbitrary: fc.constant('\u0000') },
  { weight: 2, arbitrary: fc.constantFrom('\ud800', '\udc00') },
  { weight: 3, arbitrary: fc.constantFrom(...nastyChars) },
);

function stringLeaves(value: FuzzJson, path: (string | number)[] = [], found: (string | number)[][] = []): (string | number)[][] {
  if (typeof value === 'string') found.push(path);
  for (const key of children(value)) stringLeaves((value as Record<string | number, FuzzJson>)[key]!, [...path, key], found);
  return found;
}

/** A valid body with one nasty character slipped into one of its strings (picked evenly). */
export function spiced(template: fc.Arbitrary<FuzzJson>): fc.Arbitrary<FuzzJson> {
  return fc.tuple(template, fc.nat(), fc.nat(), spiceChar).map(([value, pick, position, char]) => {
    const leaves = stringLeaves(value);
    const path = leaves[pick % Math.max(1, leaves.length)];
    if (!path || path.length === 0) return value;
    const root = cloneFuzz(value);
    let parent = root as Record<string | number, FuzzJson>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, FuzzJson>;
    const last = path.at(-1)!;
    const text = parent[last] as string;
    const cut = position % (text.length + 1);
    parent[last] = text.slice(0, cut) + char + text.slice(cut);
    return root;
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies, headers, URLs

export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; value: FuzzJson; rehash: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'oversized' };

export function bodyArbitrary(template: fc.Arbitrary<FuzzJson> | undefined, extra: fc.WeightedArbitrary<FuzzBody>[] = []): fc.Arbitrary<FuzzBody> {
  const json = (value: fc.Arbitrary<FuzzJson>, rehash = false): fc.Arbitrary<FuzzBody> => value.map((v) => ({ kind: 'json' as const, value: v, rehash }));
  const options: fc.WeightedArbitrary<FuzzBody>[] = [
    { weight: 2, arbitrary: json(fc.jsonValue() as fc.Arbitrary<FuzzJson>) },
    { weight: 1, arbitrary: json(fuzzValue) },
    { weight: 1, arbitrary: json(deepValue) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    // Invalid UTF-8 inside otherwise plausible JSON.
    { weight: 1, arbitrary: fc.constantFrom('{"name":"\xff\xfe","password":"\xc0\x80"}', '{"code":"\xed\xa0\x80"}').map((text) => ({ kind: 'bytes' as const, bytes: Buffer.from(text, 'latin1') })) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', 'null', '[]', '""', '{"a":1}{"b":2}', '{"__proto__":{"x":1}}', '\ufeff{}')).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  ];
  if (template) {
    options.push(
      { weight: 1, arbitrary: json(template, true) },
      { weight: 4, arbitrary: json(spiced(template), true) },
      { weight: 6, arbitrary: fc.tuple(template, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([value, mutations, rehash]) => ({ kind: 'json' as const, value: mutated(value, mutations), rehash })) },
    );
  }
  return fc.oneof(...options, ...extra, { weight: 1, arbitrary: fc.constant({ kind: 'oversized' as const }) });
}

export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'APPLICATION/JSON',
      'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream',
      'application/jsonx', 'application/problem+json', '*/*', ';', 'application/json;;;',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)) },
  { weight: 2, arbitrary: fc.constant(null) },
);

const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9)).map((code) => String.fromCharCode(code));
/** A value Node accepts in a header. */
export const headerText = fc.string({ unit: headerChar, maxLength: 300 });
const tokenChars = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), minLength: 1, maxLength: 220 });

export type FuzzAuthorization =
  | { kind: 'none' }
  | { kind: 'device' | 'otherDevice' | 'revokedDevice' }
  | { kind: 'raw'; value: string };

/** Authorization headers; `preferred` (a device route) makes the valid token the common case. */
export function authorization(preferred: boolean): fc.Arbitrary<FuzzAuthorization> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: preferred ? 16 : 3, arbitrary: fc.constant({ kind: 'device' as const }) },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'otherDevice' as const }, { kind: 'revokedDevice' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(tokenChars.map((t) => `Bearer ${t}`), headerText, tokenChars.map((t) => `Basic ${t}`), fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Bearer  abc'))
        .map((value) => ({ kind: 'raw' as const, value })),
    },
  );
}

export type FuzzCookie = { kind: 'none' | 'live' | 'expired' | 'loggedOut' } | { kind: 'raw'; value: string };

/** Cookie headers; `preferred` (a coordinator route) makes the live session the common case. */
export function cookie(preferred: boolean): fc.Arbitrary<FuzzCookie> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: preferred ? 16 : 3, arbitrary: fc.constant({ kind: 'live' as const }) },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'expired' as const }, { kind: 'loggedOut' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          tokenChars.map((t) => `lotse_session=${t}`),
          headerText.map((t) => `lotse_session=${t}`),
          headerText,
          fc.constantFrom('lotse_session=', 'lotse_session', '=', ';;;', 'lotse_session=a; lotse_session=b', `lotse_session=${'a'.repeat(5_000)}`, 'lotse_session=%ZZ', 'lotse_session="x'),
        )
        .map((value) => ({ kind: 'raw' as const, value })),
    },
  );
}

/** Every byte percent-encoded where needed (lone surrogates become U+FFFD on the way, as in a browser). */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const brokenEscapes = fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4', '%C0%80', '%00', '%FF', '%2F', '..', '%2E%2E', '+', '[]', '%u0041');

export type FuzzPathParam = { kind: 'known'; which: 'device' | 'otherDevice' | 'revokedDevice' | 'coordinator' | 'enrolment' } | { kind: 'text'; encoded: string };

export const pathParam: fc.Arbitrary<FuzzPathParam> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('device', 'otherDevice', 'revokedDevice', 'coordinator', 'enrolment').map((which) => ({ kind: 'known' as const, which })) },
  { weight: 2, arbitrary: fc.uuid().map((id) => ({ kind: 'text' as const, encoded: id })) },
  { weight: 3, arbitrary: nastyString.filter((s) => s.length > 0 && s.length < 2_000).map((s) => ({ kind: 'text' as const, encoded: percentEncoded(s) })) },
  { weight: 2, arbitrary: fc.array(fc.oneof(brokenEscapes, tokenChars), { minLength: 1, maxLength: 4 }).map((parts) => ({ kind: 'text' as const, encoded: parts.join('') })) },
  // Well-formed values with a NUL or a lone surrogate (as its UTF-8 replacement) inside.
  { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.uuid(), fc.constantFrom('ABCD-EFGH', 'abcdefgh')), fc.constantFrom('%00', '%ED%A0%80', '%EF%BF%BD')).map(([value, char]) => ({ kind: 'text' as const, encoded: `${value.slice(0, 4)}${char}${value.slice(4)}` })) },
);

const validCursor = fc.nat({ max: 100 }).map((n) => Buffer.from(`c${n}`, 'utf8').toString('base64url'));

export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('cursor', 'limit', 'offset', 'deviceId', 'code', 'labels', 'multi', 'from', 'form', '__proto__', 'constructor', 'cursor[]'),
        // The record list's filters, search and order.
        fc.constantFrom('state', 'from', 'to', 'q', 'nationality', 'german', 'occupationArea', 'municipality', 'sort', 'order', 'q[]'),
        tokenChars,
      ),
      fc.oneof(
        validCursor,
        // Values the record list's parameters accept, so the fuzzer reaches the SQL behind them.
        fc.constantFrom('SY', 'stateless', 'B1', '2', 'peine', 'name', 'updated', 'asc', 'consented', '2026-01-05', 'Haddad', encodeURIComponent('حسینی')),
        fc.integer({ min: -10, max: 1_000 }).map(String),
        fc.uuid(),
        nastyString.filter((s) => s.length < 5_000).map(percentEncoded),
        fc.array(fc.oneof(brokenEscapes, tokenChars), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

export const remoteAddress: fc.Arbitrary<string> = fc.oneof(fc.constant('127.0.0.1'), fc.ipV4(), fc.ipV6());
