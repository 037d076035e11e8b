/**
 * XLSForm expressions (`relevant`, `constraint`) ↔ Lotse's condition language.
 *
 * XLSForm writes XPath: `${field}` references, `.` for the field itself, `selected(${f}, 'v')`,
 * `count-selected(${f})`, `count(${repeat})`, comparisons, `and`/`or`/`not(…)`, `true()`/`false()`.
 * Only what has a Lotse meaning is translated; everything else (arithmetic, `if()`, `today()` in a
 * condition, `concat()`, `jr:choice-name()` …) is refused with its name, never guessed.
 *
 * Both directions go through the Lotse AST (`src/core/form` conditions), and Lotse text is printed
 * in one canonical spelling (`printLotse`): minimal parentheses, except that an `and` inside an
 * `or` keeps them. Export → import therefore gives back the same condition text.
 */
import type { ConditionAst } from '../../../core/form/index';

/** Why an expression cannot be taken over, in both languages. */
export class ExpressionRefusal extends Error {
  readonly de: string;
  readonly en: string;
  constructor(en: string, de: string) {
    super(en);
    this.name = 'ExpressionRefusal';
    this.en = en;
    this.de = de;
  }
}

// ---------------------------------------------------------------- XLSForm side: tokens and tree

type Token =
  | { kind: 'ref'; name: string; pos: number }
  | { kind: 'self'; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'name'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

/** The XLSForm expression as parsed, before any Lotse meaning is given to it. */
export type XNode =
  | { t: 'lit'; value: string | number | boolean }
  | { t: 'ref'; name: string }
  | { t: 'self' }
  | { t: 'call'; name: string; args: XNode[] }
  | { t: 'cmp'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: XNode; right: XNode }
  | { t: 'and' | 'or'; left: XNode; right: XNode }
  | { t: 'paren'; inner: XNode };

const syntax = (en: string, de: string, pos: number): ExpressionRefusal =>
  new ExpressionRefusal(`${en} (at character ${pos + 1})`, `${de} (bei Zeichen ${pos + 1})`);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '$' && src.charAt(i + 1) === '{') {
      const close = src.indexOf('}', i);
      if (close < 0) throw syntax("'${' without its closing '}'", "'${' ohne schließendes '}'", i);
      const name = src.slice(i + 2, close).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw syntax(`'\${${name}}' is not a field name`, `'\${${name}}' ist kein Feldname`, i);
      }
      tokens.push({ kind: 'ref', name, pos: start });
      i = close + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src.charAt(i + 1)))) {
      const text = /^[0-9]*(?:\.[0-9]+)?/.exec(src.slice(i))?.[0] ?? '';
      tokens.push({ kind: 'number', value: Number(text), pos: start });
      i += text.length;
      continue;
    }
    if (c === '.') {
      if (src.charAt(i + 1) === '.') throw syntax("'..' (the parent) has no meaning in Lotse", "'..' (das übergeordnete Element) hat in Lotse keine Bedeutung", i);
      tokens.push({ kind: 'self', pos: start });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = src.indexOf(c, i + 1);
      if (close < 0) throw syntax('a text in quotes is not closed', 'ein Text in Anführungszeichen ist nicht geschlossen', i);
      tokens.push({ kind: 'string', value: src.slice(i + 1, close), pos: start });
      i = close + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_:-]*/.exec(src.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'name', value: text, pos: start });
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two, pos: start });
      i += 2;
      continue;
    }
    if ('=<>(),-+*|/'.includes(c)) {
      tokens.push({ kind: 'op', value: c, pos: start });
      i++;
      continue;
    }
    throw syntax(`unexpected character '${c}'`, `unerwartetes Zeichen '${c}'`, i);
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

const arithmetic: Record<string, string> = { '+': '+', '-': '-', '*': '*', div: 'div', mod: 'mod', '|': '|', '/': '/' };

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end';
    case 'ref':
      return `\${${token.name}}`;
    case 'self':
      return "'.'";
    case 'string':
      return `'${token.value}'`;
    case 'number':
      return String(token.value);
    default:
      return `'${token.value}'`;
  }
}

/** Parses an XLSForm expression into its tree; refuses what is not expression syntax Lotse reads. */
export function parseXlsExpression(src: string): XNode {
  const tokens = tokenize(src);
  let index = 0;
  const peek = (): Token => tokens[index] ?? { kind: 'end', pos: src.length };
  const next = (): Token => tokens[index++] ?? { kind: 'end', pos: src.length };
  const isName = (token: Token, value: string) => token.kind === 'name' && token.value === value;
  const isOp = (token: Token, value: string) => token.kind === 'op' && token.value === value;

  const refuseArithmetic = (token: Token): never => {
    const op = token.kind === 'op' || token.kind === 'name' ? token.value : '?';
    throw syntax(
      `arithmetic ('${op}') is not part of Lotse's condition language`,
      `Rechnen ('${op}') gehört nicht zur Bedingungssprache von Lotse`,
      token.pos,
    );
  };

  const parseOr = (): XNode => {
    let left = parseAnd();
    while (isName(peek(), 'or')) {
      next();
      left = { t: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): XNode => {
    let left = parseComparison();
    while (isName(peek(), 'and')) {
      next();
      left = { t: 'and', left, right: parseComparison() };
    }
    return left;
  };
  const parseComparison = (): XNode => {
    const left = parseOperand();
    const token = peek();
    if (token.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      next();
      const right = parseOperand();
      const after = peek();
      if (after.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(after.value)) {
        throw syntax('two comparisons in a row need and/or between them', 'zwei Vergleiche hintereinander brauchen and/or dazwischen', after.pos);
      }
      return { t: 'cmp', op: token.value as '=', left, right };
    }
    return left;
  };
  const parseOperand = (): XNode => {
    const node = parsePrimary();
    const token = peek();
    if ((token.kind === 'op' && Object.hasOwn(arithmetic, token.value)) || isName(token, 'div') || isName(token, 'mod')) {
      refuseArithmetic(token);
    }
    return node;
  };
  const parsePrimary = (): XNode => {
    const token = next();
    switch (token.kind) {
      case 'ref':
        return { t: 'ref', name: token.name };
      case 'self':
        return { t: 'self' };
      case 'number':
        return { t: 'lit', value: token.value };
      case 'string':
        return { t: 'lit', value: token.value };
      case 'op':
        if (token.value === '(') {
          const inner = parseOr();
          const close = next();
          if (!isOp(close, ')')) throw syntax(`expected ')' but found ${describe(close)}`, `')' erwartet, gefunden: ${describe(close)}`, close.pos);
          return { t: 'paren', inner };
        }
        if (token.value === '-') {
          const number = peek();
          if (number.kind === 'number') {
            next();
            return { t: 'lit', value: -number.value };
          }
          return refuseArithmetic(token);
        }
        throw syntax(`unexpected ${describe(token)}`, `unerwartet: ${describe(token)}`, token.pos);
      case 'name': {
        if (!isOp(peek(), '(')) {
          throw syntax(
            `'${token.value}' is neither a function nor a field; write fields as \${name}`,
            `'${token.value}' ist weder Funktion noch Feld; Felder schreibt man \${name}`,
            token.pos,
          );
        }
        next();
        const args: XNode[] = [];
        if (isOp(peek(), ')')) next();
        else {
          for (;;) {
            args.push(parseOr());
            const sep = next();
            if (isOp(sep, ')')) break;
            if (!isOp(sep, ',')) throw syntax(`expected ',' or ')' but found ${describe(sep)}`, `',' oder ')' erwartet, gefunden: ${describe(sep)}`, sep.pos);
          }
        }
        return { t: 'call', name: token.value, args };
      }
      case 'end':
        throw syntax('the expression ends too early', 'der Ausdruck endet zu früh', token.pos);
    }
  };

  if (peek().kind === 'end') throw syntax('the expression is empty', 'der Ausdruck ist leer', 0);
  const tree = parseOr();
  const rest = peek();
  if (rest.kind !== 'end') {
    if (rest.kind === 'op' && Object.hasOwn(arithmetic, rest.value)) refuseArithmetic(rest);
    throw syntax(`unexpected ${describe(rest)}`, `unerwartet: ${describe(rest)}`, rest.pos);
  }
  return tree;
}

// ---------------------------------------------------------------- XLSForm tree → Lotse AST

const refuseFunction = (name: string): never => {
  if (name === 'today' || name === 'now') {
    throw new ExpressionRefusal(
      `${name}() is refused: a Lotse condition means the same on every day (for "not in the future" write . <= today() alone as a constraint)`,
      `${name}() wird abgelehnt: eine Lotse-Bedingung gilt an jedem Tag gleich (für „nicht in der Zukunft“ als Einschränkung allein . <= today() schreiben)`,
    );
  }
  throw new ExpressionRefusal(
    `the function ${name}() has no equivalent in Lotse's condition language (there: selected, count-selected compared with 0, count, not, true, false)`,
    `die Funktion ${name}() hat in der Bedingungssprache von Lotse keine Entsprechung (dort: selected, count-selected verglichen mit 0, count, not, true, false)`,
  );
};

const unwrap = (node: XNode): XNode => (node.t === 'paren' ? unwrap(node.inner) : node);

/** Which field the translation stands in for `.` (the field itself), or none (in `relevant`). */
export interface TranslateContext {
  readonly self?: string | undefined;
}

function fieldOf(node: XNode, ctx: TranslateContext, fn: string): string {
  const inner = unwrap(node);
  if (inner.t === 'ref') return inner.name;
  if (inner.t === 'self' && ctx.self !== undefined) return ctx.self;
  throw new ExpressionRefusal(
    `${fn}() needs a field (\${name}) as its first argument`,
    `${fn}() braucht ein Feld (\${name}) als erstes Argument`,
  );
}

function operand(node: XNode, ctx: TranslateContext): ConditionAst {
  const inner = node;
  switch (inner.t) {
    case 'lit':
      return { type: 'literal', value: inner.value === '' ? null : inner.value, pos: 0 };
    case 'ref':
      return { type: 'field', id: inner.name, pos: 0 };
    case 'self':
      if (ctx.self === undefined) {
        throw new ExpressionRefusal("'.' (this field) only has a meaning in a constraint", "'.' (dieses Feld) hat nur in einer Einschränkung eine Bedeutung");
      }
      return { type: 'field', id: ctx.self, pos: 0 };
    case 'call':
      return call(inner, ctx);
    case 'paren':
      return toLotse(inner, ctx);
    default:
      return toLotse(inner, ctx);
  }
}

function call(node: Extract<XNode, { t: 'call' }>, ctx: TranslateContext): ConditionAst {
  const { name, args } = node;
  const arity = (n: number) => {
    if (args.length !== n) {
      throw new ExpressionRefusal(`${name}() takes ${n} argument(s), not ${args.length}`, `${name}() nimmt ${n} Argument(e), nicht ${args.length}`);
    }
  };
  switch (name) {
    case 'true':
    case 'false':
      arity(0);
      return { type: 'literal', value: name === 'true', pos: 0 };
    case 'not':
      arity(1);
      return { type: 'not', operand: toLotse(args[0]!, ctx), pos: 0 };
    case 'selected': {
      arity(2);
      const field = fieldOf(args[0]!, ctx, name);
      const value = unwrap(args[1]!);
      if (value.t !== 'lit' || typeof value.value !== 'string') {
        throw new ExpressionRefusal("selected() needs a choice name in quotes as its second argument", 'selected() braucht als zweites Argument einen Auswahlnamen in Anführungszeichen');
      }
      return { type: 'call', fn: 'selected', field, value: value.value, pos: 0 };
    }
    case 'count':
      arity(1);
      return { type: 'call', fn: 'count', field: fieldOf(args[0]!, ctx, name), pos: 0 };
    case 'count-selected':
      throw new ExpressionRefusal(
        'count-selected() can only be compared with 0 (> 0, >= 1, != 0, = 0); limit the number of selections with count-selected(.) >= n or <= n as a constraint',
        'count-selected() kann nur mit 0 verglichen werden (> 0, >= 1, != 0, = 0); die Zahl der Auswahlen begrenzt count-selected(.) >= n oder <= n als Einschränkung',
      );
    default:
      return refuseFunction(name);
  }
}

/** `count-selected(${f}) > 0` and its friends: "something selected" / "nothing selected". */
function countSelectedTest(node: Extract<XNode, { t: 'cmp' }>, ctx: TranslateContext): ConditionAst | undefined {
  const left = unwrap(node.left);
  const right = unwrap(node.right);
  if (left.t !== 'call' || left.name !== 'count-selected' || right.t !== 'lit' || typeof right.value !== 'number') return undefined;
  if (left.args.length !== 1) return undefined;
  const field = fieldOf(left.args[0]!, ctx, 'count-selected');
  const empty: ConditionAst = { type: 'call', fn: 'empty', field, pos: 0 };
  const n = right.value;
  if ((node.op === '>' && n === 0) || (node.op === '>=' && n === 1) || (node.op === '!=' && n === 0)) return { type: 'not', operand: empty, pos: 0 };
  if ((node.op === '=' && n === 0) || (node.op === '<' && n === 1) || (node.op === '<=' && n === 0)) return empty;
  return undefined;
}

/** The terms of an `or` chain, left to right. */
function orTerms(node: XNode): XNode[] {
  return node.t === 'or' ? [...orTerms(node.left), ...orTerms(node.right)] : [node];
}

/**
 * `(${f} = 'a' or ${f} = 'b')` in parentheses: Lotse's `f in ['a', 'b']` (how the export writes it).
 */
function inList(node: Extract<XNode, { t: 'paren' }>): ConditionAst | undefined {
  const terms = orTerms(node.inner);
  let field: string | undefined;
  const values: (string | number | boolean | null)[] = [];
  for (const term of terms) {
    if (term.t !== 'cmp' || term.op !== '=' || term.left.t !== 'ref') return undefined;
    const right = term.right;
    const value =
      right.t === 'lit' ? right.value : right.t === 'call' && right.args.length === 0 && (right.name === 'true' || right.name === 'false') ? right.name === 'true' : undefined;
    // `${f} = ''` means "no answer" (empty), never a list value.
    if (value === undefined || value === '') return undefined;
    if (field !== undefined && term.left.name !== field) return undefined;
    field = term.left.name;
    values.push(value);
  }
  if (field === undefined) return undefined;
  return { type: 'in', operand: { type: 'field', id: field, pos: 0 }, values, pos: 0 };
}

/** Translates a parsed XLSForm expression into a Lotse condition AST, or refuses it by name. */
export function toLotse(node: XNode, ctx: TranslateContext = {}): ConditionAst {
  switch (node.t) {
    case 'paren':
      return inList(node) ?? toLotse(node.inner, ctx);
    case 'and':
    case 'or':
      return { type: node.t, left: toLotse(node.left, ctx), right: toLotse(node.right, ctx), pos: 0 };
    case 'cmp': {
      const counted = countSelectedTest(node, ctx);
      if (counted !== undefined) return counted;
      const left = unwrap(node.left);
      const right = unwrap(node.right);
      // ${f} = '' is how XLSForm asks "no answer".
      if ((node.op === '=' || node.op === '!=') && (left.t === 'ref' || left.t === 'self') && right.t === 'lit' && right.value === '') {
        const empty: ConditionAst = { type: 'call', fn: 'empty', field: fieldOf(left, ctx, 'empty'), pos: 0 };
        return node.op === '=' ? empty : { type: 'not', operand: empty, pos: 0 };
      }
      return { type: 'compare', op: node.op, left: operand(node.left, ctx), right: operand(node.right, ctx), pos: 0 };
    }
    case 'call':
      return call(node, ctx);
    case 'ref':
      return { type: 'field', id: node.name, pos: 0 };
    case 'self':
      return operand(node, ctx);
    case 'lit':
      return { type: 'literal', value: node.value === '' ? null : node.value, pos: 0 };
  }
}

// ---------------------------------------------------------------- printing

function lotseLiteral(value: string | number | boolean | null): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(value);
}

const LEVEL = { or: 1, and: 2, not: 3, compare: 4, operand: 5 } as const;

/**
 * Lotse condition text in the one spelling an import produces: minimal parentheses, `and` inside
 * `or` parenthesised (as people write it), `, ` between arguments and list values.
 */
export function printLotse(ast: ConditionAst, context: number = 0): string {
  const wrap = (level: number, text: string) => (level < context ? `(${text})` : text);
  switch (ast.type) {
    case 'literal':
      return lotseLiteral(ast.value);
    case 'field':
      return ast.id;
    case 'call':
      return ast.fn === 'selected' ? `selected(${ast.field}, ${lotseLiteral(ast.value ?? '')})` : `${ast.fn}(${ast.field})`;
    case 'compare':
      return wrap(LEVEL.compare, `${printLotse(ast.left, LEVEL.operand)} ${ast.op} ${printLotse(ast.right, LEVEL.operand)}`);
    case 'in':
      return wrap(LEVEL.compare, `${printLotse(ast.operand, LEVEL.operand)} in [${ast.values.map(lotseLiteral).join(', ')}]`);
    case 'not':
      return wrap(LEVEL.not, `not ${printLotse(ast.operand, LEVEL.not)}`);
    case 'and':
      return wrap(LEVEL.and, `${printLotse(ast.left, LEVEL.and)} and ${printLotse(ast.right, LEVEL.and + 0.5)}`);
    case 'or':
      // An `and` under an `or` keeps its parentheses: LEVEL.and + 1 forces them.
      return wrap(
        LEVEL.or,
        `${printLotse(ast.left, ast.left.type === 'and' ? LEVEL.not : LEVEL.or)} or ${printLotse(ast.right, ast.right.type === 'and' ? LEVEL.not : LEVEL.or + 0.5)}`,
      );
  }
}

function xlsLiteral(value: string | number | boolean | null): string {
  if (value === null) return "''";
  if (typeof value === 'boolean') return value ? 'true()' : 'false()';
  if (typeof value === 'number') return String(value);
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw new ExpressionRefusal(
    `the text ${value} holds both kinds of quotes, which an XLSForm expression cannot write`,
    `der Text ${value} enthält beide Arten von Anführungszeichen, die ein XLSForm-Ausdruck nicht schreiben kann`,
  );
}

/**
 * A Lotse condition as XLSForm writes it; `self` is printed as `.`. Parentheses follow XPath's
 * precedence (or < and < comparison); an `in` list is a parenthesised `or` of equalities.
 */
export function printXls(ast: ConditionAst, context: number = 0): string {
  const wrap = (level: number, text: string) => (level < context ? `(${text})` : text);
  switch (ast.type) {
    case 'literal':
      return xlsLiteral(ast.value);
    case 'field':
      return `\${${ast.id}}`;
    case 'call':
      if (ast.fn === 'selected') return `selected(\${${ast.field}}, ${xlsLiteral(ast.value ?? '')})`;
      if (ast.fn === 'count') return `count(\${${ast.field}})`;
      return wrap(LEVEL.compare, `\${${ast.field}} = ''`);
    case 'compare':
      return wrap(LEVEL.compare, `${printXls(ast.left, LEVEL.operand)} ${ast.op} ${printXls(ast.right, LEVEL.operand)}`);
    case 'in':
      if (ast.values.length === 0) return 'false()';
      if (ast.operand.type !== 'field') {
        throw new ExpressionRefusal('an in-list on something other than a field cannot be written in XLSForm', 'eine in-Liste auf etwas anderem als einem Feld lässt sich in XLSForm nicht schreiben');
      }
      return `(${ast.values.map((value) => `\${${(ast.operand as { id: string }).id}} = ${xlsLiteral(value)}`).join(' or ')})`;
    case 'not':
      return `not(${printXls(ast.operand, 0)})`;
    case 'and':
      return wrap(LEVEL.and, `${printXls(ast.left, LEVEL.and)} and ${printXls(ast.right, LEVEL.and + 0.5)}`);
    case 'or':
      return wrap(LEVEL.or, `${printXls(ast.left, LEVEL.or)} or ${printXls(ast.right, LEVEL.or + 0.5)}`);
  }
}
