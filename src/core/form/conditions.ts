/**
 * The condition language of form definitions (`visibleIf`, `expr` constraints).
 *
 * Form definitions are content that a coordinator may replace without a
 * release, so their expressions are never handed to `eval`/`Function`: a
 * hand-written tokenizer and recursive-descent parser build an AST, and a small
 * evaluator walks it. The evaluator is total — a type mismatch makes a
 * comparison false instead of throwing — and deterministic: there is no
 * `today()`; dates compare as ISO strings.
 *
 * Grammar (lowest precedence first):
 *
 *     or         := and ('or' and)*
 *     and        := not ('and' not)*
 *     not        := 'not' not | comparison
 *     comparison := operand (('=' | '!=' | '<' | '<=' | '>' | '>=') operand | 'in' list)?
 *     operand    := literal | field | call | '(' or ')'
 *     call       := ('selected' '(' field ',' string ')') | ('count' | 'empty') '(' field ')'
 *     list       := '[' (literal (',' literal)*)? ']'
 *     literal    := number | string | 'true' | 'false' | 'null'
 */
import { dateAnswerToIso, isDateAnswer } from './partial-date';
import type { AnswerValue, Answers, RepeatInstance } from './types';

export type LiteralValue = string | number | boolean | null;
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ConditionFunction = 'selected' | 'count' | 'empty';

/** A parsed condition. `pos` is the offset in the source where the node starts. */
export type ConditionAst =
  | { readonly type: 'literal'; readonly value: LiteralValue; readonly pos: number }
  | { readonly type: 'field'; readonly id: string; readonly pos: number }
  | {
      readonly type: 'compare';
      readonly op: ComparisonOperator;
      readonly left: ConditionAst;
      readonly right: ConditionAst;
      readonly pos: number;
    }
  | {
      readonly type: 'in';
      readonly operand: ConditionAst;
      readonly values: readonly LiteralValue[];
      readonly pos: number;
    }
  | { readonly type: 'and' | 'or'; readonly left: ConditionAst; readonly right: ConditionAst; readonly pos: number }
  | { readonly type: 'not'; readonly operand: ConditionAst; readonly pos: number }
  | {
      readonly type: 'call';
      readonly fn: ConditionFunction;
      readonly field: string;
      /** The choice value of `selected(field, 'value')`. */
      readonly value?: string;
      readonly pos: number;
    };

/** A condition that cannot be parsed; `position` is the 0-based offset of the problem. */
export class ConditionSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at position ${position})`);
    this.name = 'ConditionSyntaxError';
    this.position = position;
  }
}

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const keywords = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const functions = new Set<string>(['selected', 'count', 'empty']);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src.charAt(i + 1)))) {
      const match = /^[0-9]*(?:\.[0-9]+)?/.exec(src.slice(i));
      const text = match?.[0] ?? '';
      i += text.length;
      if (/[A-Za-z_]/.test(src.charAt(i))) {
        throw new ConditionSyntaxError(`Unexpected character '${src.charAt(i)}' after number`, i);
      }
      tokens.push({ kind: 'number', value: Number(text), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const text = match?.[0] ?? c;
      i += text.length;
      tokens.push({ kind: 'ident', value: text, pos: start });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= src.length) throw new ConditionSyntaxError('Unterminated string', start);
        const ch = src.charAt(i);
        if (ch === '\\') {
          const next = src.charAt(i + 1);
          if (next === '') throw new ConditionSyntaxError('Unterminated string', start);
          value += next;
          i += 2;
          continue;
        }
        if (ch === c) {
          i += 1;
          break;
        }
        value += ch;
        i += 1;
      }
      tokens.push({ kind: 'string', value, pos: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two, pos: start });
      i += 2;
      continue;
    }
    if ('=<>()[],-'.includes(c)) {
      tokens.push({ kind: 'op', value: c, pos: start });
      i += 1;
      continue;
    }
    throw new ConditionSyntaxError(`Unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string '${token.value}'`;
    case 'number':
      return `number ${token.value}`;
    default:
      return `'${token.value}'`;
  }
}

/**
 * Parses a condition into an AST.
 *
 * @throws {ConditionSyntaxError} with the offset of the first problem.
 */
export function parseCondition(src: string): ConditionAst {
  const tokens = tokenize(src);
  let index = 0;

  const peek = (): Token => tokens[index] ?? { kind: 'end', pos: src.length };
  const next = (): Token => {
    const token = peek();
    index += 1;
    return token;
  };
  const isOp = (token: Token, value: string): boolean => token.kind === 'op' && token.value === value;
  const isKeyword = (token: Token, value: string): boolean => token.kind === 'ident' && token.value === value;
  const expectOp = (value: string, context: string): Token => {
    const token = next();
    if (!isOp(token, value)) {
      throw new ConditionSyntaxError(`Expected '${value}' ${context} but found ${describe(token)}`, token.pos);
    }
    return token;
  };

  const parseOr = (): ConditionAst => {
    let left = parseAnd();
    while (isKeyword(peek(), 'or')) {
      next();
      const right = parseAnd();
      left = { type: 'or', left, right, pos: left.pos };
    }
    return left;
  };

  const parseAnd = (): ConditionAst => {
    let left = parseNot();
    while (isKeyword(peek(), 'and')) {
      next();
      const right = parseNot();
      left = { type: 'and', left, right, pos: left.pos };
    }
    return left;
  };

  const parseNot = (): ConditionAst => {
    const token = peek();
    if (isKeyword(token, 'not')) {
      next();
      return { type: 'not', operand: parseNot(), pos: token.pos };
    }
    return parseComparison();
  };

  const parseComparison = (): ConditionAst => {
    const left = parseOperand();
    const token = peek();
    if (token.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      next();
      const right = parseOperand();
      return { type: 'compare', op: token.value as ComparisonOperator, left, right, pos: left.pos };
    }
    if (isKeyword(token, 'in')) {
      next();
      return { type: 'in', operand: left, values: parseList(), pos: left.pos };
    }
    return left;
  };

  const parseLiteral = (): { value: LiteralValue; pos: number } => {
    const token = next();
    if (isOp(token, '-')) {
      const number = next();
      if (number.kind !== 'number') {
        throw new ConditionSyntaxError(`Expected a number after '-' but found ${describe(number)}`, number.pos);
      }
      return { value: -number.value, pos: token.pos };
    }
    if (token.kind === 'number' || token.kind === 'string') return { value: token.value, pos: token.pos };
    if (isKeyword(token, 'true')) return { value: true, pos: token.pos };
    if (isKeyword(token, 'false')) return { value: false, pos: token.pos };
    if (isKeyword(token, 'null')) return { value: null, pos: token.pos };
    throw new ConditionSyntaxError(`Expected a value but found ${describe(token)}`, token.pos);
  };

  const parseList = (): LiteralValue[] => {
    expectOp('[', "after 'in'");
    const values: LiteralValue[] = [];
    if (isOp(peek(), ']')) {
      next();
      return values;
    }
    for (;;) {
      values.push(parseLiteral().value);
      const token = next();
      if (isOp(token, ']')) return values;
      if (!isOp(token, ',')) {
        throw new ConditionSyntaxError(`Expected ',' or ']' in list but found ${describe(token)}`, token.pos);
      }
    }
  };

  const parseFieldArgument = (fn: string): string => {
    const token = next();
    if (token.kind !== 'ident' || keywords.has(token.value) || functions.has(token.value)) {
      throw new ConditionSyntaxError(`Expected a field id as argument of ${fn}() but found ${describe(token)}`, token.pos);
    }
    return token.value;
  };

  const parseOperand = (): ConditionAst => {
    const token = peek();
    if (isOp(token, '(')) {
      next();
      const inner = parseOr();
      expectOp(')', 'to close the parenthesis');
      return inner;
    }
    if (token.kind === 'ident' && !keywords.has(token.value)) {
      const following = tokens[index + 1];
      if (following !== undefined && isOp(following, '(')) {
        if (token.value === 'today' || token.value === 'now') {
          throw new ConditionSyntaxError(
            `${token.value}() is not available: conditions must not depend on the clock; compare dates as ISO strings`,
            token.pos,
          );
        }
        if (!functions.has(token.value)) {
          throw new ConditionSyntaxError(
            `Unknown function '${token.value}' (known: selected, count, empty)`,
            token.pos,
          );
        }
        const fn = token.value as ConditionFunction;
        next();
        next();
        const field = parseFieldArgument(fn);
        if (fn === 'selected') {
          expectOp(',', 'between the arguments of selected()');
          const value = next();
          if (value.kind !== 'string') {
            throw new ConditionSyntaxError(
              `Expected a string as second argument of selected() but found ${describe(value)}`,
              value.pos,
            );
          }
          expectOp(')', 'to close selected()');
          return { type: 'call', fn, field, value: value.value, pos: token.pos };
        }
        expectOp(')', `to close ${fn}()`);
        return { type: 'call', fn, field, pos: token.pos };
      }
      if (functions.has(token.value)) {
        throw new ConditionSyntaxError(`Expected '(' after function '${token.value}'`, token.pos);
      }
      next();
      return { type: 'field', id: token.value, pos: token.pos };
    }
    const literal = parseLiteral();
    return { type: 'literal', value: literal.value, pos: literal.pos };
  };

  if (peek().kind === 'end') throw new ConditionSyntaxError('Empty condition', 0);
  const ast = parseOr();
  const rest = peek();
  if (rest.kind !== 'end') {
    throw new ConditionSyntaxError(`Unexpected ${describe(rest)}`, rest.pos);
  }
  return ast;
}

function printLiteral(value: LiteralValue): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  return String(value);
}

/**
 * Prints an AST back to source. Fully parenthesised, so `parseCondition(printCondition(ast))`
 * gives the same tree (positions aside).
 */
export function printCondition(ast: ConditionAst): string {
  switch (ast.type) {
    case 'literal':
      return typeof ast.value === 'number' && ast.value < 0 ? `(${printLiteral(ast.value)})` : printLiteral(ast.value);
    case 'field':
      return ast.id;
    case 'compare':
      return `(${printCondition(ast.left)} ${ast.op} ${printCondition(ast.right)})`;
    case 'in':
      return `(${printCondition(ast.operand)} in [${ast.values.map(printLiteral).join(', ')}])`;
    case 'and':
    case 'or':
      return `(${printCondition(ast.left)} ${ast.type} ${printCondition(ast.right)})`;
    case 'not':
      return `(not ${printCondition(ast.operand)})`;
    case 'call':
      return ast.fn === 'selected'
        ? `selected(${ast.field}, ${printLiteral(ast.value ?? '')})`
        : `${ast.fn}(${ast.field})`;
  }
}

/** The field and group ids a condition reads, each once, in order of appearance. */
/** A node that names a field: a bare reference or a function call on one. */
export type ReferenceNode = Extract<ConditionAst, { type: 'field' | 'call' }>;

/** Calls `onReference` for every field reference and function call, in source order. */
export function forEachReference(ast: ConditionAst, onReference: (node: ReferenceNode) => void): void {
  switch (ast.type) {
    case 'field':
    case 'call':
      onReference(ast);
      return;
    case 'compare':
    case 'and':
    case 'or':
      forEachReference(ast.left, onReference);
      forEachReference(ast.right, onReference);
      return;
    case 'in':
    case 'not':
      forEachReference(ast.operand, onReference);
      return;
    case 'literal':
      return;
  }
}

export function referencedFields(ast: ConditionAst): string[] {
  const ids: string[] = [];
  forEachReference(ast, (node) => {
    const id = node.type === 'field' ? node.id : node.field;
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

/**
 * What a condition is evaluated against: the record's answers and, inside a
 * repeat group, the answers of the current instance (looked up first).
 */
export interface ConditionScope {
  readonly answers: Answers;
  readonly instance?: RepeatInstance;
}

type Value = AnswerValue | readonly RepeatInstance[] | undefined;

function lookup(scope: ConditionScope, id: string): Value {
  // Object.hasOwn keeps ids such as `__proto__` or `constructor` from reaching the prototype.
  if (scope.instance !== undefined && Object.hasOwn(scope.instance, id)) return scope.instance[id];
  if (Object.hasOwn(scope.answers, id)) return scope.answers[id];
  return undefined;
}

/** True for "no answer": missing, null, blank text, an empty selection or an empty object. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** A field value reduced to what comparisons understand; objects other than dates become `undefined` (incomparable). */
function scalar(value: Value): LiteralValue | undefined {
  if (isEmptyAnswer(value)) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDateAnswer(value)) return dateAnswerToIso(value);
  return undefined;
}

const numericCode = /^-?[0-9]+(?:\.[0-9]+)?$/;

/**
 * Code-list codes are strings; a code that is a plain decimal number (ISCED
 * levels) compares numerically with a number literal, so `iscedLevel >= 5` works.
 */
function alignTypes(a: LiteralValue, b: LiteralValue): [LiteralValue, LiteralValue] {
  if (typeof a === 'string' && typeof b === 'number' && numericCode.test(a)) return [Number(a), b];
  if (typeof a === 'number' && typeof b === 'string' && numericCode.test(b)) return [a, Number(b)];
  return [a, b];
}

function equals(a: LiteralValue, b: LiteralValue): boolean | undefined {
  if (a === null || b === null) return a === b;
  const [x, y] = alignTypes(a, b);
  if (typeof x !== typeof y) return undefined;
  return x === y;
}

function compare(op: ComparisonOperator, leftValue: Value, rightValue: Value): boolean {
  const left = scalar(leftValue);
  const right = scalar(rightValue);
  if (left === undefined || right === undefined) return false;
  if (op === '=' || op === '!=') {
    const same = equals(left, right);
    if (same === undefined) return false;
    return op === '=' ? same : !same;
  }
  if (left === null || right === null) return false;
  const [x, y] = alignTypes(left, right);
  if (!((typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string'))) {
    return false;
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function evaluate(ast: ConditionAst, scope: ConditionScope): Value {
  switch (ast.type) {
    case 'literal':
      return ast.value;
    case 'field':
      return lookup(scope, ast.id);
    case 'compare':
      return compare(ast.op, evaluate(ast.left, scope), evaluate(ast.right, scope));
    case 'in': {
      const operand = evaluate(ast.operand, scope);
      // A multi-choice answer is "in" the list when any of its selections is.
      if (Array.isArray(operand)) {
        return operand.some(
          (entry: unknown) => typeof entry === 'string' && ast.values.some((v) => equals(entry, v) === true),
        );
      }
      const value = scalar(operand);
      if (value === undefined) return false;
      return ast.values.some((v) => equals(value, v) === true);
    }
    case 'and':
      return evaluate(ast.left, scope) === true && evaluate(ast.right, scope) === true;
    case 'or':
      return evaluate(ast.left, scope) === true || evaluate(ast.right, scope) === true;
    case 'not':
      return evaluate(ast.operand, scope) !== true;
    case 'call': {
      const value = lookup(scope, ast.field);
      switch (ast.fn) {
        case 'selected':
          if (Array.isArray(value)) return value.includes(ast.value);
          return typeof value === 'string' && value === ast.value;
        case 'count':
          return Array.isArray(value) ? value.length : 0;
        case 'empty':
          return isEmptyAnswer(value);
      }
    }
  }
}

/**
 * Evaluates a parsed condition. Never throws: unknown fields read as no
 * answer, and comparisons between incompatible types are false.
 */
export function evaluateCondition(ast: ConditionAst, scope: ConditionScope): boolean {
  return evaluate(ast, scope) === true;
}
