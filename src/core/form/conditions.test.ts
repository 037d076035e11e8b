import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConditionAst,
  ConditionSyntaxError,
  type LiteralValue,
  evaluateCondition,
  parseCondition,
  printCondition,
  referencedFields,
} from './conditions';
import type { Answers } from './types';

const holds = (src: string, answers: Answers, instance?: Record<string, never> | Answers): boolean =>
  evaluateCondition(parseCondition(src), instance === undefined ? { answers } : { answers, instance: instance as never });

function syntaxError(src: string): ConditionSyntaxError {
  try {
    parseCondition(src);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${src}`);
}

describe('parseCondition', () => {
  it('builds comparison nodes with positions', () => {
    expect(parseCondition('iscedLevel >= 5')).toEqual({
      type: 'compare',
      op: '>=',
      left: { type: 'field', id: 'iscedLevel', pos: 0 },
      right: { type: 'literal', value: 5, pos: 14 },
      pos: 0,
    });
  });

  it('binds not tighter than and, and tighter than or', () => {
    const ast = parseCondition('a = 1 or not b = 2 and c = 3');
    expect(printCondition(ast)).toBe('((a = 1) or ((not (b = 2)) and (c = 3)))');
  });

  it('lets parentheses override precedence', () => {
    expect(printCondition(parseCondition('(a = 1 or b = 2) and c = 3'))).toBe('(((a = 1) or (b = 2)) and (c = 3))');
  });

  it('parses in-lists, functions, negative numbers, null and escaped strings', () => {
    expect(parseCondition("status in ['a', \"b\", -2, null, true]")).toEqual({
      type: 'in',
      operand: { type: 'field', id: 'status', pos: 0 },
      values: ['a', 'b', -2, null, true],
      pos: 0,
    });
    expect(parseCondition("selected(goals, 'job')")).toEqual({ type: 'call', fn: 'selected', field: 'goals', value: 'job', pos: 0 });
    expect(parseCondition('count(work) >= 2')).toMatchObject({ left: { type: 'call', fn: 'count', field: 'work' } });
    expect(parseCondition("name = 'O\\'Brien'")).toMatchObject({ right: { value: "O'Brien" } });
  });

  it.each([
    ['', 0, 'Empty condition'],
    ['a = ', 4, 'Expected a value but found end of expression'],
    ['(a = 1', 6, "Expected ')'"],
    ['a = 1)', 5, "Unexpected ')'"],
    ["a = 'open", 4, 'Unterminated string'],
    ['a # 1', 2, "Unexpected character '#'"],
    ['a in 1', 5, "Expected '['"],
    ['a in [1 2]', 8, "Expected ',' or ']'"],
    ['foo(a)', 0, "Unknown function 'foo'"],
    ['today() > birthDate', 0, 'today() is not available'],
    ["selected(goals)", 14, "Expected ','"],
    ['count(5)', 6, 'Expected a field id'],
    ['a = 1 and', 9, 'Expected a value'],
    ['count > 1', 0, "Expected '(' after function 'count'"],
    ['1abc = 2', 1, 'Unexpected character'],
  ])('rejects %j at position %i', (src, position, message) => {
    const error = syntaxError(src);
    expect(error.position).toBe(position);
    expect(error.message).toContain(message);
  });

  it('lists referenced fields once, in order', () => {
    expect(referencedFields(parseCondition("a = 1 and (b = a or selected(c, 'x') or count(g) > 0 or empty(b))"))).toEqual([
      'a',
      'b',
      'c',
      'g',
    ]);
  });
});

describe('evaluateCondition', () => {
  const answers: Answers = {
    iscedLevel: '6',
    schoolYears: 12,
    sex: 'female',
    hasLicence: true,
    goals: ['job', 'languageCourse'],
    birthDate: { year: 1990, month: 5, day: null },
    levels: { listening: 'A2' },
    work: [{ country: 'SY' }, { country: 'TR' }],
    blank: '  ',
  };

  it('compares numbers, numeric codes, strings, booleans and null', () => {
    expect(holds('schoolYears >= 12', answers)).toBe(true);
    expect(holds('schoolYears > 12', answers)).toBe(false);
    expect(holds('iscedLevel >= 5', answers)).toBe(true);
    expect(holds('iscedLevel < 5', answers)).toBe(false);
    expect(holds("sex = 'female'", answers)).toBe(true);
    expect(holds("sex != 'female'", answers)).toBe(false);
    expect(holds('hasLicence = true', answers)).toBe(true);
    expect(holds('missing = null', answers)).toBe(true);
    expect(holds('blank = null', answers)).toBe(true);
    expect(holds('sex != null', answers)).toBe(true);
    expect(holds("missing != 'x'", answers)).toBe(true);
  });

  it('compares dates as ISO strings, partial dates by their known parts', () => {
    expect(holds("birthDate >= '1990-01'", answers)).toBe(true);
    expect(holds("birthDate = '1990-05'", answers)).toBe(true);
    expect(holds("birthDate < '1990-05-01'", answers)).toBe(true);
    expect(holds("birthDate > '2000'", answers)).toBe(false);
  });

  it('makes type errors false instead of throwing', () => {
    expect(holds("schoolYears > 'abc'", answers)).toBe(false);
    expect(holds('sex > 3', answers)).toBe(false);
    expect(holds('sex = 3', answers)).toBe(false);
    expect(holds('sex != 3', answers)).toBe(false);
    expect(holds('levels = 1', answers)).toBe(false);
    expect(holds('missing < 3', answers)).toBe(false);
    expect(holds('goals = 1', answers)).toBe(false);
  });

  it('treats in-lists as membership, for multi answers as any-of', () => {
    expect(holds("sex in ['male', 'female']", answers)).toBe(true);
    expect(holds("sex in ['male']", answers)).toBe(false);
    expect(holds('iscedLevel in [5, 6]', answers)).toBe(true);
    expect(holds("goals in ['studies', 'job']", answers)).toBe(true);
    expect(holds("goals in ['studies']", answers)).toBe(false);
    expect(holds('missing in [null]', answers)).toBe(true);
    expect(holds('sex in []', answers)).toBe(false);
  });

  it('evaluates selected, count and empty', () => {
    expect(holds("selected(goals, 'job')", answers)).toBe(true);
    expect(holds("selected(goals, 'studies')", answers)).toBe(false);
    expect(holds("selected(sex, 'female')", answers)).toBe(true);
    expect(holds('count(work) = 2', answers)).toBe(true);
    expect(holds('count(missing) = 0', answers)).toBe(true);
    expect(holds('empty(missing) and empty(blank) and not empty(goals)', answers)).toBe(true);
  });

  it('combines with and, or, not', () => {
    expect(holds("sex = 'male' or schoolYears = 12 and hasLicence = true", answers)).toBe(true);
    expect(holds("(sex = 'male' or schoolYears = 12) and hasLicence = false", answers)).toBe(false);
    expect(holds("not sex = 'male'", answers)).toBe(true);
    expect(holds('not not hasLicence', answers)).toBe(true);
  });

  it('resolves bare ids in a repeat instance first, then at top level', () => {
    const instance = { country: 'SY', sex: 'male' };
    expect(holds("country = 'SY'", answers, instance)).toBe(true);
    expect(holds("sex = 'male'", answers, instance)).toBe(true);
    expect(holds('schoolYears = 12', answers, instance)).toBe(true);
    expect(holds("country = 'SY'", answers)).toBe(false);
  });

  it('never reaches the prototype: constructor and __proto__ are just unknown fields', () => {
    expect(holds('empty(constructor)', {})).toBe(true);
    expect(holds('empty(__proto__)', {})).toBe(true);
    expect(holds('constructor = null and __proto__ = null and toString = null', {})).toBe(true);
    expect(holds("constructor = 'x'", { constructor: 'x' })).toBe(true);
    expect(holds('count(__proto__) = 0', {}, {})).toBe(true);
  });
});

const identifiers = fc
  .stringMatching(/^[a-z_][A-Za-z0-9_]{0,8}$/)
  .filter((id) => !['and', 'or', 'not', 'in', 'true', 'false', 'null', 'selected', 'count', 'empty'].includes(id));
const literals: fc.Arbitrary<LiteralValue> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.5, 2.25, -7.125),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
);

const astArbitrary: fc.Arbitrary<ConditionAst> = fc.letrec<{ node: ConditionAst }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literals.map((value): ConditionAst => ({ type: 'literal', value, pos: 0 })),
    identifiers.map((id): ConditionAst => ({ type: 'field', id, pos: 0 })),
    fc
      .record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), left: tie('node'), right: tie('node') })
      .map(({ op, left, right }): ConditionAst => ({ type: 'compare', op, left, right, pos: 0 })),
    fc
      .record({ operand: tie('node'), values: fc.array(literals, { maxLength: 4 }) })
      .map(({ operand, values }): ConditionAst => ({ type: 'in', operand, values, pos: 0 })),
    fc
      .record({ type: fc.constantFrom('and', 'or' as const), left: tie('node'), right: tie('node') })
      .map(({ type, left, right }): ConditionAst => ({ type, left, right, pos: 0 })),
    tie('node').map((operand): ConditionAst => ({ type: 'not', operand, pos: 0 })),
    fc
      .record({ field: identifiers, value: fc.string({ maxLength: 6 }) })
      .map(({ field, value }): ConditionAst => ({ type: 'call', fn: 'selected', field, value, pos: 0 })),
    fc
      .record({ fn: fc.constantFrom('count', 'empty' as const), field: identifiers })
      .map(({ fn, field }): ConditionAst => ({ type: 'call', fn, field, pos: 0 })),
  ),
})).node;

function withoutPositions(ast: ConditionAst): unknown {
  return JSON.parse(JSON.stringify(ast, (key, value: unknown) => (key === 'pos' ? undefined : value)));
}

describe('condition properties', () => {
  it('parse(print(ast)) gives the same tree', () => {
    fc.assert(
      fc.property(astArbitrary, (ast) => {
        expect(withoutPositions(parseCondition(printCondition(ast)))).toEqual(withoutPositions(ast));
      }),
      { numRuns: 400 },
    );
  });

  it('evaluation never throws and always returns a boolean, whatever the answers', () => {
    const answerValue = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.record({ year: fc.integer(), month: fc.option(fc.integer()), day: fc.option(fc.integer()) }),
      fc.dictionary(fc.string(), fc.string()),
      fc.array(fc.dictionary(identifiers, fc.string())),
    );
    fc.assert(
      fc.property(astArbitrary, fc.dictionary(identifiers, answerValue), (ast, answers) => {
        const result = evaluateCondition(ast, { answers: answers as Answers });
        expect(typeof result).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });

  it('the parser throws only ConditionSyntaxError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (src) => {
        try {
          parseCondition(src);
        } catch (error) {
          expect(error).toBeInstanceOf(ConditionSyntaxError);
          expect((error as ConditionSyntaxError).position).toBeGreaterThanOrEqual(0);
          expect((error as ConditionSyntaxError).position).toBeLessThanOrEqual(src.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
