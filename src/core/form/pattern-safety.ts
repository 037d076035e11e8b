/**
 * Whether a form's `pattern` constraint can make a backtracking regex engine
 * run for minutes: a published `([a-z]+)+` and a 36-character surname froze
 * the whole server for over 3 minutes. JavaScript has no linear-time engine
 * here, so such patterns are refused when a form is published (and by the
 * authoring import, which calls the same check), and never run by
 * validation on the tablet or the server.
 *
 * The check parses the pattern (JavaScript syntax, `u` flag) and, inside
 * every part that repeats, looks for the two shapes that make backtracking
 * exponential:
 * - a part of variable length inside it whose characters can also be matched
 *   by what follows it, so one text splits between the repetitions in many
 *   ways (`([a-z]+)+`, `(\w+\s?)*`, `(a?a)+`; fine: `(?:[^0-9]*[0-9]){6,20}`,
 *   `(\w+\s)*`, `(?: ?[0-9A-Z]{4})+`);
 * - alternatives that can start with the same character (`(a|ab)*`);
 * and refuses a repeated part that can match empty text. Characters are
 * compared by testing every code point of the Basic Multilingual Plane (plus
 * samples beyond it) against both character sets. It is conservative: a safe
 * pattern of those shapes is refused too and can be rewritten
 * (`(?:ab|ac)+` → `(?:a[bc])+`). Polynomial backtracking (`\d*\d*x`) is not
 * refused; the cap on text length (`validate.ts`) bounds it.
 */

/** Longer patterns are refused outright: nothing in a form needs more, and the check stays cheap. */
export const MAX_PATTERN_LENGTH = 500;

type Node =
  | { readonly kind: 'atom'; readonly source: string }
  | { readonly kind: 'zeroWidth' }
  | { readonly kind: 'look'; readonly body: Node }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly options: readonly Node[] }
  | { readonly kind: 'rep'; readonly body: Node; readonly min: number; readonly max: number; readonly source: string };

const ANY_ATOM: Node = { kind: 'atom', source: '[^]' };

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected '${this.src[this.pos]}'`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const start = this.pos;
      items.push(this.quantified(this.atom(), start));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  private quantified(body: Node, start: number): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!match) throw new Error(`a '{' that is not a quantifier at ${this.pos}`);
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.pos += match[0].length - 1;
    } else return body;
    this.pos += 1;
    if (this.src[this.pos] === '?') this.pos += 1; // lazy: backtracks just the same
    const quantified: Node = { kind: 'rep', body, min, max, source: this.src.slice(start, this.pos) };
    return this.quantified(quantified, start);
  }

  private atom(): Node {
    const { src } = this;
    const c = src[this.pos]!;
    if (c === '^' || c === '$') {
      this.pos += 1;
      return { kind: 'zeroWidth' };
    }
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    const char = String.fromCodePoint(src.codePointAt(this.pos)!);
    this.pos += char.length;
    return { kind: 'atom', source: char };
  }

  private group(): Node {
    const rest = this.src.slice(this.pos);
    const look = /^\(\?(?:=|!|<=|<!)/.exec(rest);
    const plain = /^\((?:\?:|\?<[A-Za-z_$][\w$]*>)?/.exec(rest)!;
    this.pos += (look ?? plain)[0].length;
    const body = this.alternation();
    if (this.src[this.pos] !== ')') throw new Error('unclosed group');
    this.pos += 1;
    return look ? { kind: 'look', body } : body;
  }

  private characterClass(): Node {
    const start = this.pos;
    let i = this.pos + 1;
    if (this.src[i] === '^') i += 1;
    while (i < this.src.length && this.src[i] !== ']') i += this.src[i] === '\\' ? 2 : 1;
    if (i >= this.src.length) throw new Error('unclosed character class');
    this.pos = i + 1;
    return { kind: 'atom', source: this.src.slice(start, this.pos) };
  }

  private escape(): Node {
    const rest = this.src.slice(this.pos);
    const c = rest[1];
    if (c === undefined) throw new Error('a pattern cannot end in \\');
    if (c === 'b' || c === 'B') {
      this.pos += 2;
      return { kind: 'zeroWidth' };
    }
    // A back-reference can match any text of any length.
    const backReference = /^\\(?:[1-9]\d*|k<[^>]*>)/.exec(rest);
    if (backReference) {
      this.pos += backReference[0].length;
      return { kind: 'rep', body: ANY_ATOM, min: 0, max: Infinity, source: backReference[0] };
    }
    const sequence = /^\\(?:[pP]\{[^}]*\}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z])/.exec(rest);
    const source = sequence ? sequence[0] : rest.slice(0, 2);
    this.pos += source.length;
    return { kind: 'atom', source };
  }
}

function isNullable(node: Node): boolean {
  switch (node.kind) {
    case 'atom':
      return false;
    case 'zeroWidth':
    case 'look':
      return true;
    case 'seq':
      return node.items.every(isNullable);
    case 'alt':
      return node.options.some(isNullable);
    case 'rep':
      return node.min === 0 || isNullable(node.body);
  }
}

/** The atoms a match of `node` can start with. */
function firstAtoms(node: Node, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'atom':
      into.add(node.source);
      break;
    case 'seq':
      for (const item of node.items) {
        firstAtoms(item, into);
        if (!isNullable(item)) break;
      }
      break;
    case 'alt':
      for (const option of node.options) firstAtoms(option, into);
      break;
    case 'rep':
      firstAtoms(node.body, into);
      break;
    default:
      break;
  }
  return into;
}

/** Every atom inside `node`: what its repetitions can consume. */
function allAtoms(node: Node, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'atom':
      into.add(node.source);
      break;
    case 'seq':
      for (const item of node.items) allAtoms(item, into);
      break;
    case 'alt':
      for (const option of node.options) allAtoms(option, into);
      break;
    case 'rep':
      allAtoms(node.body, into);
      break;
    default:
      break;
  }
  return into;
}

// Astral planes are sampled: scripts there (Adlam, emoji, CJK extensions) rarely matter for overlap.
const ASTRAL_SAMPLES = [0x10000, 0x1e900, 0x1f600, 0x1d400, 0x20000, 0x2a700, 0xe0041, 0x10fffd];
const memberships = new Map<string, Uint8Array>();

/** Which code points a one-character atom matches: index = BMP code point, then the astral samples. */
function membership(source: string): Uint8Array {
  let bits = memberships.get(source);
  if (bits !== undefined) return bits;
  bits = new Uint8Array(0x10000 + ASTRAL_SAMPLES.length);
  const re = new RegExp(`^${source}$`, 'u');
  for (let cp = 0; cp < 0x10000; cp += 1) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (re.test(String.fromCharCode(cp))) bits[cp] = 1;
  }
  ASTRAL_SAMPLES.forEach((cp, i) => {
    if (re.test(String.fromCodePoint(cp))) bits[0x10000 + i] = 1;
  });
  memberships.set(source, bits);
  return bits;
}

function overlapping(a: ReadonlySet<string>, b: ReadonlySet<string>): [string, string] | undefined {
  for (const x of a) {
    for (const y of b) {
      if (x === y) return [x, y];
      const bx = membership(x);
      const by = membership(y);
      for (let i = 0; i < bx.length; i += 1) if (bx[i] === 1 && by[i] === 1) return [x, y];
    }
  }
  return undefined;
}

/** A repetition that can go round more than once. */
function repeats(node: Node): node is Extract<Node, { kind: 'rep' }> {
  return node.kind === 'rep' && node.max >= 2;
}

/**
 * Within one iteration of `outer`, finds an inner repetition whose atoms can also be
 * matched by what follows it (`follow`: atoms after it; `reachesEnd`: it can end the
 * iteration, after which the next iteration's first atoms follow).
 */
function ambiguousInside(outer: Extract<Node, { kind: 'rep' }>): string | undefined {
  const nextIteration = firstAtoms(outer.body);
  const visit = (node: Node, follow: ReadonlySet<string>, reachesEnd: boolean): string | undefined => {
    switch (node.kind) {
      case 'seq': {
        for (let i = node.items.length - 1; i >= 0; i -= 1) {
          let after = new Set<string>();
          let end = true;
          for (let j = i + 1; j < node.items.length; j += 1) {
            firstAtoms(node.items[j]!, after);
            if (!isNullable(node.items[j]!)) {
              end = false;
              break;
            }
          }
          if (end) after = new Set([...after, ...follow]);
          const found = visit(node.items[i]!, after, end && reachesEnd);
          if (found) return found;
        }
        return undefined;
      }
      case 'alt': {
        for (let i = 0; i < node.options.length; i += 1) {
          for (let j = i + 1; j < node.options.length; j += 1) {
            const shared = overlapping(firstAtoms(node.options[i]!), firstAtoms(node.options[j]!));
            if (shared) return `inside the repeated '${outer.source}', two alternatives can start with the same character (${shared[0]} and ${shared[1]})`;
          }
        }
        for (const option of node.options) {
          const found = visit(option, follow, reachesEnd);
          if (found) return found;
        }
        return undefined;
      }
      case 'rep': {
        // Only a part that may take more or fewer characters can split a text in more than one way.
        if (node.max > node.min) {
          const next = reachesEnd ? new Set([...follow, ...nextIteration]) : follow;
          const shared = overlapping(allAtoms(node.body), next);
          if (shared) {
            return `the variable '${node.source}' sits inside the repeated '${outer.source}' and what follows it can match the same characters (${shared[0]} and ${shared[1]}), so a text can be split between the repetitions in exponentially many ways`;
          }
        }
        return visit(node.body, new Set([...follow, ...firstAtoms(node.body)]), reachesEnd);
      }
      default:
        return undefined;
    }
  };
  return visit(outer.body, new Set(), true);
}

function riskIn(node: Node): string | undefined {
  switch (node.kind) {
    case 'seq':
      for (const item of node.items) {
        const found = riskIn(item);
        if (found) return found;
      }
      return undefined;
    case 'alt':
      for (const option of node.options) {
        const found = riskIn(option);
        if (found) return found;
      }
      return undefined;
    case 'look':
      return riskIn(node.body);
    case 'rep':
      if (repeats(node)) {
        if (node.max === Infinity && isNullable(node.body)) {
          return `the repeated '${node.source}' can match empty text, so it can repeat in endlessly many ways`;
        }
        const found = ambiguousInside(node);
        if (found) return found;
      }
      return riskIn(node.body);
    default:
      return undefined;
  }
}

const risks = new Map<string, string | null>();

/**
 * Why `pattern` may take exponential time on a backtracking engine, or
 * `undefined` when it is safe to run. The pattern must be a valid `u`-flag
 * regular expression (an invalid one is reported as a risk).
 */
export function patternBacktrackingRisk(pattern: string): string | undefined {
  const known = risks.get(pattern);
  if (known !== undefined) return known ?? undefined;
  let risk: string | undefined;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    risk = `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  } else {
    try {
      new RegExp(pattern, 'u');
      risk = riskIn(new Parser(pattern).parse());
    } catch (error) {
      risk = `the pattern cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  risks.set(pattern, risk ?? null);
  return risk;
}
