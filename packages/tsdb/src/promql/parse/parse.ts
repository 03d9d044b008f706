import type { SyntaxNode } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
// The grammar package ships ESM typings only; at runtime `require` resolves its CommonJS build.
// @ts-expect-error TS1479 (ESM-only typings imported from CommonJS output)
import { parser as lezerParser } from '@prometheus-io/lezer-promql';
import { METRIC_NAME } from '../../model/labels.js';
import type { Matcher } from '../../storage/types.js';
import { type PromQLError, parseError } from '../errors.js';
import { compileAnchored } from '../functions/regex.js';
import { EXPERIMENTAL_AGGREGATIONS, FUNCTIONS } from '../functions/registry.js';
import {
  type AggregateOp,
  type AtModifier,
  type BinaryOp,
  type Expr,
  isComparisonOp,
  isSetOp,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
} from './ast.js';
import {
  goQuote,
  isValidUtf8,
  parseDurationContext,
  parseNumberOrDuration,
  unquoteString,
} from './lexical.js';

const lezer = lezerParser as unknown as LRParser;

const BINARY_OPS: Record<string, BinaryOp> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Atan2: 'atan2',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

export function typeName(t: ValueType): string {
  return TYPE_NAMES[t];
}

/** The type an expression evaluates to. */
export function exprType(e: Expr): ValueType {
  switch (e.type) {
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'Call':
      return FUNCTIONS.get(e.func)!.returnType;
    case 'AggregateExpr':
      return 'vector';
    case 'BinaryExpr':
      return exprType(e.lhs) === 'scalar' && exprType(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'UnaryExpr':
    case 'ParenExpr':
      return exprType(e.expr);
  }
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function findError(n: SyntaxNode): SyntaxNode | undefined {
  if (n.type.isError) return n;
  for (let c = n.firstChild; c; c = c.nextSibling) {
    const e = findError(c);
    if (e) return e;
  }
  return undefined;
}

/** Describes the token at `pos` the way Prometheus' lexer names items. */
function describeToken(q: string, pos: number): string {
  let i = pos;
  while (i < q.length && /\s/.test(q[i])) i++;
  if (i >= q.length) return 'end of input';
  const c = q[i];
  const named: Record<string, string> = {
    '(': "left parenthesis '('",
    ')': "right parenthesis ')'",
    '{': "left brace '{'",
    '}': "right brace '}'",
    '[': "left bracket '['",
    ']': "right bracket ']'",
    ',': '","',
    '=': '"="',
    ':': '":"',
    '@': '"@"',
  };
  if (named[c]) return named[c];
  const word = /^[A-Za-z_:][\w:]*/.exec(q.slice(i));
  if (word) return `identifier "${word[0]}"`;
  const num = /^[0-9.][\w.+-]*/.exec(q.slice(i));
  if (num) return `number "${num[0]}"`;
  if (c === '"' || c === "'" || c === '`') return 'string';
  return `character "${c}"`;
}

function expectedFor(errNode: SyntaxNode): string {
  const parent = errNode.parent;
  const prev = errNode.prevSibling;
  switch (parent?.type.name) {
    case 'FunctionCallBody':
      return prev && prev.type.name !== '⚠' ? 'expected "," or ")"' : 'expected expression';
    case 'UnquotedLabelMatcher':
    case 'QuotedLabelMatcher':
      return prev?.type.name === 'MatchOp'
        ? 'expected label value string'
        : 'expected label matching operator';
    case 'LabelMatchers':
      return 'expected label matcher or "}"';
    case 'PromQL':
      return prev ? 'expected end of input' : 'expected expression';
    case 'GroupingLabels':
      return 'expected label name or ")"';
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'DurationExpr':
      return 'expected duration';
    case 'OffsetExpr':
    case 'OffsetDurationExpr':
      return 'expected duration';
    case 'StepInvariantExpr':
      return 'expected timestamp, start() or end()';
    case 'ParenExpr':
      return 'expected expression or ")"';
    default:
      return 'expected expression';
  }
}

/** Options of the parser. */
export interface ParseOptions {
  /** Accept experimental functions/aggregations instead of raising an "unsupported" error. */
  experimental?: boolean;
}

class Builder {
  constructor(
    private readonly q: string,
    private readonly opts: ParseOptions,
  ) {}

  err(pos: number, msg: string, unsupported?: string): PromQLError {
    return parseError(this.q, pos, msg, unsupported);
  }

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  build(n: SyntaxNode): Expr {
    switch (n.type.name) {
      case 'NumberDurationLiteral': {
        const v = parseNumberOrDuration(this.text(n));
        if (v === undefined) throw this.err(n.from, `bad number or duration syntax: "${this.text(n)}"`);
        return { type: 'NumberLiteral', value: v, pos: n.from };
      }
      case 'StringLiteral':
        return { type: 'StringLiteral', value: this.str(n), pos: n.from };
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'SubqueryExpr':
        return this.subquery(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'StepInvariantExpr':
        return this.at(n);
      case 'ParenExpr': {
        const inner = children(n);
        if (inner.length !== 1) throw this.err(n.from, 'expected expression in parentheses');
        return { type: 'ParenExpr', expr: this.build(inner[0]), pos: n.from };
      }
      case 'UnaryExpr':
        return this.unary(n);
      case 'BinaryExpr':
        return this.binary(n);
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        throw this.err(n.from, 'anchored/smoothed modifiers are experimental', 'experimental modifier');
      default:
        throw this.err(n.from, `unexpected ${describeToken(this.q, n.from)}`);
    }
  }

  str(n: SyntaxNode): string {
    try {
      return unquoteString(this.text(n));
    } catch (e) {
      throw this.err(n.from, (e as Error).message);
    }
  }

  labelName(n: SyntaxNode): string {
    if (n.type.name === 'LabelName') return this.text(n);
    if (n.type.name === 'QuotedLabelName' || n.type.name === 'StringLiteral') {
      const s = n.type.name === 'StringLiteral' ? n : n.firstChild!;
      const v = this.str(s);
      if (!isValidUtf8(v)) throw this.err(n.from, `invalid label name ${goQuote(v)}`);
      return v;
    }
    throw this.err(n.from, `unexpected ${describeToken(this.q, n.from)}, expected label name`);
  }

  vectorSelector(n: SyntaxNode): VectorSelector {
    const matchers: Matcher[] = [];
    let name: string | undefined;
    for (const c of children(n)) {
      if (c.type.name === 'Identifier') {
        name = this.text(c);
      } else if (c.type.name === 'LabelMatchers') {
        for (const m of children(c)) {
          if (m.type.name === 'QuotedLabelName') {
            if (name !== undefined) throw this.err(m.from, 'metric name must not be set twice');
            name = this.labelName(m);
          } else if (m.type.name === 'UnquotedLabelMatcher' || m.type.name === 'QuotedLabelMatcher') {
            const parts = children(m);
            const ln = this.labelName(parts[0]);
            const opNode = parts[1]?.firstChild;
            const valNode = parts[2];
            if (!opNode || !valNode) throw this.err(m.from, 'expected label matching operator');
            const op = this.text(opNode) as Matcher['type'];
            const value = this.str(valNode);
            if (op === '=~' || op === '!~') {
              try {
                compileAnchored(value);
              } catch {
                throw this.err(valNode.from, `error parsing regexp: invalid regular expression: ${value}`);
              }
            }
            matchers.push({ type: op, name: ln, value });
          } else {
            throw this.err(m.from, `unexpected ${describeToken(this.q, m.from)} in label matching`);
          }
        }
      }
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === METRIC_NAME))
        throw this.err(n.from, `metric name must not be set twice: ${goQuote(name)}`);
      matchers.unshift({ type: '=', name: METRIC_NAME, value: name });
    }
    const nonEmpty = matchers.some((m) => {
      if (m.type === '=') return m.value !== '';
      if (m.type === '!=') return m.value === '';
      const re = compileAnchored(m.value);
      return m.type === '=~' ? !re.test('') : re.test('');
    });
    if (!nonEmpty) throw this.err(n.from, 'vector selector must contain at least one non-empty matcher');
    return { type: 'VectorSelector', name, matchers, offsetMs: 0, pos: n.from };
  }

  duration(n: SyntaxNode | null, what: string): number {
    if (!n) throw this.err(this.q.length, `missing ${what}`);
    if (n.type.name === 'DurationExpr' || n.type.name === 'OffsetDurationExpr') {
      const cs = children(n);
      if (cs.length === 1) return this.duration(cs[0], what);
      if (cs.length === 2 && cs[0].type.name === 'UnaryOp' && n.type.name === 'OffsetDurationExpr') {
        const sign = this.text(cs[0]) === '-' ? -1 : 1;
        return sign * this.duration(cs[1], what);
      }
      throw this.err(n.from, 'duration expressions are experimental', 'experimental duration expression');
    }
    if (n.type.name === 'NumberDurationLiteralInDurationContext' || n.type.name === 'NumberDurationLiteral') {
      const ms = parseDurationContext(this.text(n));
      if (ms === undefined) throw this.err(n.from, `bad duration syntax: "${this.text(n)}"`);
      return ms;
    }
    throw this.err(
      n.from,
      `${this.text(n)} in duration context is experimental`,
      'experimental duration expression',
    );
  }

  matrixSelector(n: SyntaxNode): Expr {
    const [sel, dur] = children(n);
    const inner = this.build(sel);
    if (inner.type !== 'VectorSelector') throw this.err(n.from, 'ranges only allowed for vector selectors');
    if (inner.offsetMs !== 0 || inner.at)
      throw this.err(n.from, 'no offset or @ modifiers allowed before range');
    const rangeMs = this.duration(dur, 'range');
    if (rangeMs <= 0) throw this.err(dur.from, 'duration must be greater than 0');
    return { type: 'MatrixSelector', selector: inner, rangeMs, pos: n.from };
  }

  subquery(n: SyntaxNode): Expr {
    const cs = children(n);
    const expr = this.build(cs[0]);
    const rangeMs = this.duration(cs[1], 'subquery range');
    if (rangeMs <= 0) throw this.err(cs[1].from, 'duration must be greater than 0');
    const stepMs = cs[2] ? this.duration(cs[2], 'subquery step') : 0;
    if (cs[2] && stepMs <= 0) throw this.err(cs[2].from, 'duration must be greater than 0');
    const t = exprType(expr);
    if (t !== 'vector')
      throw this.err(cs[0].from, `subquery is only allowed on instant vector, got ${typeName(t)} instead`);
    return { type: 'SubqueryExpr', expr, rangeMs, stepMs, offsetMs: 0, pos: n.from };
  }

  /**
   * The grammar lets `offset`/`@` follow a whole binary or unary expression (`a or b offset 1m`);
   * in PromQL they bind tightest, so they belong to the rightmost operand.
   */
  modifierTarget(e: Expr): Expr {
    let t = e;
    while (t.type === 'BinaryExpr' || t.type === 'UnaryExpr') t = t.type === 'BinaryExpr' ? t.rhs : t.expr;
    return t;
  }

  offset(n: SyntaxNode): Expr {
    const cs = children(n);
    const built = this.build(cs[0]);
    const target = this.modifierTarget(built);
    const ms = this.duration(cs[2] ?? null, 'offset');
    const inner = target.type === 'MatrixSelector' ? target.selector : target;
    if (inner.type !== 'VectorSelector' && inner.type !== 'SubqueryExpr')
      throw this.err(
        cs[1].from,
        'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      );
    if (inner.offsetMs !== 0) throw this.err(cs[1].from, 'offset may not be set multiple times');
    inner.offsetMs = ms;
    return built;
  }

  at(n: SyntaxNode): Expr {
    const cs = children(n);
    const built = this.build(cs[0]);
    const target = this.modifierTarget(built);
    const inner = target.type === 'MatrixSelector' ? target.selector : target;
    if (inner.type !== 'VectorSelector' && inner.type !== 'SubqueryExpr')
      throw this.err(
        cs[1].from,
        '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      );
    if (inner.at) throw this.err(cs[1].from, '@ <timestamp> may not be set multiple times');
    const v = cs[2];
    let at: AtModifier;
    if (!v) throw this.err(this.q.length, 'unexpected end of input, expected timestamp');
    if (v.type.name === 'AtModifierPreprocessors') {
      at = { kind: v.firstChild?.type.name === 'AtStart' ? 'start' : 'end' };
    } else {
      let sign = 1;
      let numNode: SyntaxNode | null = v;
      if (v.type.name === 'UnaryOp' || v.type.name === 'Sub' || v.type.name === 'Add') {
        sign = this.text(v) === '-' ? -1 : 1;
        numNode = cs[3] ?? null;
      }
      if (!numNode) throw this.err(v.from, 'expected timestamp');
      const e = this.build(numNode);
      if (e.type !== 'NumberLiteral') throw this.err(v.from, 'expected timestamp');
      const secs = sign * e.value;
      if (!Number.isFinite(secs) || Math.abs(secs) > 9.2e15)
        throw this.err(v.from, `timestamp out of bounds for @ modifier: ${secs}`);
      at = { kind: 'time', ms: Math.round(secs * 1000) };
    }
    inner.at = at;
    return built;
  }

  unary(n: SyntaxNode): Expr {
    const [opNode, exprNode] = children(n);
    const expr = this.build(exprNode);
    const t = exprType(expr);
    if (t !== 'scalar' && t !== 'vector')
      throw this.err(
        n.from,
        `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(typeName(t))}`,
      );
    const op = this.text(opNode) === '-' ? '-' : '+';
    if (expr.type === 'NumberLiteral') {
      return { type: 'NumberLiteral', value: op === '-' ? -expr.value : expr.value, pos: n.from };
    }
    return { type: 'UnaryExpr', op, expr, pos: n.from };
  }

  grouping(n: SyntaxNode): string[] {
    return children(n).map((c) => this.labelName(c));
  }

  binary(n: SyntaxNode): Expr {
    const cs = children(n);
    // The grammar folds a sign into a number literal (`-2 ^ 2`), but unary minus binds looser than
    // `^` in PromQL: -(2 ^ 2).
    const signed = /^([+-])\s*/.exec(this.text(cs[0]));
    if (cs[1]?.type.name === 'Pow' && cs[0].type.name === 'NumberDurationLiteral' && signed) {
      const inner = this.binaryFrom(n, cs, {
        type: 'NumberLiteral',
        value: this.unsignedNumber(cs[0], signed[0].length),
        pos: cs[0].from + signed[0].length,
      });
      return signed[1] === '-' ? { type: 'UnaryExpr', op: '-', expr: inner, pos: n.from } : inner;
    }
    return this.binaryFrom(n, cs, this.build(cs[0]));
  }

  unsignedNumber(n: SyntaxNode, skip: number): number {
    const v = parseNumberOrDuration(this.text(n).slice(skip));
    if (v === undefined) throw this.err(n.from, `bad number or duration syntax: "${this.text(n)}"`);
    return v;
  }

  binaryFrom(n: SyntaxNode, cs: SyntaxNode[], lhs: Expr): Expr {
    const rhs = this.build(cs[cs.length - 1]);
    const opNode = cs[1];
    const op = BINARY_OPS[opNode.type.name];
    if (!op) throw this.err(opNode.from, `unexpected ${describeToken(this.q, opNode.from)}`);
    let returnBool = false;
    let matching: VectorMatching | undefined;
    let hasMatchingClause = false;
    for (const c of cs.slice(2, -1)) {
      if (c.type.name === 'BoolModifier') returnBool = true;
      else if (c.type.name === 'MatchingModifierClause') {
        hasMatchingClause = true;
        matching = { card: 'one-to-one', on: false, labels: [], include: [] };
        const mc = children(c);
        for (let i = 0; i < mc.length; i++) {
          const k = mc[i].type.name;
          if (k === 'On' || k === 'Ignoring') {
            matching.on = k === 'On';
            if (mc[i + 1]?.type.name === 'GroupingLabels') matching.labels = this.grouping(mc[++i]);
          } else if (k === 'GroupLeft' || k === 'GroupRight') {
            matching.card = k === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
            if (mc[i + 1]?.type.name === 'GroupingLabels') matching.include = this.grouping(mc[++i]);
          } else if (k === 'FillModifier' || k.startsWith('Fill')) {
            throw this.err(mc[i].from, 'fill modifiers are experimental', 'experimental fill modifier');
          }
        }
      } else if (c.type.name === 'FillModifier') {
        throw this.err(c.from, 'fill modifiers are experimental', 'experimental fill modifier');
      }
    }
    const lt = exprType(lhs);
    const rt = exprType(rhs);
    const pos = opNode.from;
    if (returnBool && !isComparisonOp(op))
      throw this.err(pos, 'bool modifier can only be used on comparison operators');
    if (isComparisonOp(op) && !returnBool && lt === 'scalar' && rt === 'scalar')
      throw this.err(pos, 'comparisons between scalars must use BOOL modifier');
    if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector'))
      throw this.err(n.from, 'binary expression must contain only scalar and instant vector types');
    if (isSetOp(op)) {
      if (lt === 'scalar' || rt === 'scalar')
        throw this.err(pos, `set operator "${op}" not allowed in binary scalar expression`);
      if (matching && matching.card !== 'one-to-one')
        throw this.err(pos, `no grouping allowed for "${op}" operation`);
      if (!matching) matching = { card: 'many-to-many', on: false, labels: [], include: [] };
      else matching.card = 'many-to-many';
    }
    if (lt === 'vector' && rt === 'vector') {
      if (!matching) matching = { card: 'one-to-one', on: false, labels: [], include: [] };
      if (matching.on) {
        for (const l of matching.include)
          if (matching.labels.includes(l))
            throw this.err(pos, `label ${goQuote(l)} must not occur in ON and GROUP clause at once`);
      }
    } else if (hasMatchingClause) {
      throw this.err(pos, 'vector matching only allowed between instant vectors');
    } else {
      matching = undefined;
    }
    return { type: 'BinaryExpr', op, lhs, rhs, returnBool, matching, pos: n.from };
  }

  args(body: SyntaxNode | null | undefined): Expr[] {
    if (!body) return [];
    return children(body).map((c) => this.build(c));
  }

  call(n: SyntaxNode): Expr {
    const [ident, body] = children(n);
    const name = this.text(ident);
    const sig = FUNCTIONS.get(name);
    if (!sig)
      throw this.err(
        n.from,
        `unknown function with name ${goQuote(name)}`,
        EXPERIMENTAL_DURATION_FUNCTIONS.has(name) ? 'experimental duration expression' : undefined,
      );
    if (sig.experimental && !this.opts.experimental)
      throw this.err(
        n.from,
        `function ${goQuote(name)} is experimental and not supported`,
        `experimental function ${name}`,
      );
    const args = this.args(body);
    const nargs = sig.argTypes.length;
    if (sig.variadic === 0) {
      if (args.length !== nargs)
        throw this.err(
          n.from,
          `expected ${nargs} argument(s) in call to ${goQuote(name)}, got ${args.length}`,
        );
    } else {
      const min = nargs - 1;
      if (args.length < min)
        throw this.err(
          n.from,
          `expected at least ${min} argument(s) in call to ${goQuote(name)}, got ${args.length}`,
        );
      if (sig.variadic > 0 && args.length > min + sig.variadic)
        throw this.err(
          n.from,
          `expected at most ${min + sig.variadic} argument(s) in call to ${goQuote(name)}, got ${args.length}`,
        );
    }
    args.forEach((a, i) => {
      const want = sig.argTypes[Math.min(i, nargs - 1)];
      const got = exprType(a);
      if (got !== want)
        throw this.err(
          a.pos,
          `expected type ${typeName(want)} in call to function ${goQuote(name)}, got ${typeName(got)}`,
        );
    });
    return { type: 'Call', func: name, args, pos: n.from };
  }

  aggregate(n: SyntaxNode): Expr {
    let op: AggregateOp | undefined;
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const c of children(n)) {
      if (c.type.name === 'AggregateOp') op = this.text(c).toLowerCase() as AggregateOp;
      else if (c.type.name === 'AggregateModifier') {
        const [kind, labels] = children(c);
        without = kind.type.name === 'Without';
        grouping = labels ? this.grouping(labels) : [];
      } else if (c.type.name === 'FunctionCallBody') args = this.args(c);
    }
    if (!op) throw this.err(n.from, 'expected aggregation operator');
    if (EXPERIMENTAL_AGGREGATIONS.has(op) && !this.opts.experimental)
      throw this.err(
        n.from,
        `aggregation ${goQuote(op)} is experimental and not supported`,
        `experimental aggregation ${op}`,
      );
    const needsParam =
      op === 'topk' ||
      op === 'bottomk' ||
      op === 'quantile' ||
      op === 'count_values' ||
      op === 'limitk' ||
      op === 'limit_ratio';
    const want = needsParam ? 2 : 1;
    if (args.length !== want)
      throw this.err(
        n.from,
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
      );
    const expr = args[want - 1];
    const param = needsParam ? args[0] : undefined;
    const t = exprType(expr);
    if (t !== 'vector')
      throw this.err(expr.pos, `expected type instant vector in aggregation expression, got ${typeName(t)}`);
    if (param) {
      const pt = exprType(param);
      const wantP: ValueType = op === 'count_values' ? 'string' : 'scalar';
      if (pt !== wantP)
        throw this.err(
          param.pos,
          `expected type ${typeName(wantP)} in aggregation parameter, got ${typeName(pt)}`,
        );
    }
    return { type: 'AggregateExpr', op, expr, param, grouping, without, pos: n.from };
  }
}

/** Functions of the experimental duration-expression feature (promql-duration-expr). */
const EXPERIMENTAL_DURATION_FUNCTIONS = new Set(['min_of', 'max_of', 'step', 'range', 'start', 'end']);

/** Replaces the `.` of number literals like `2.` (outside strings) with a space. */
function blankTrailingPoints(q: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quote) {
      out += c;
      if (c === '\\' && quote !== '`') {
        out += q[++i] ?? '';
      } else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    if (c === '.' && i > 0 && /[0-9]/.test(q[i - 1]) && !/[0-9eE]/.test(q[i + 1] ?? '')) {
      let j = i - 1;
      while (j >= 0 && /[0-9]/.test(q[j])) j--;
      if (j < 0 || !/[\w.]/.test(q[j])) {
        out += ' ';
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Parses a PromQL expression into the typed AST; throws PromQLError (bad_data) with the position. */
export function parseExpr(query: string, opts: ParseOptions = {}): Expr {
  if (query.trim() === '') throw parseError(query, 0, 'no expression found in input');
  let tree = lezer.parse(query);
  let errNode = findError(tree.topNode);
  if (errNode) {
    // The grammar rejects a trailing decimal point (`2.`), which Prometheus accepts; retry with the
    // point blanked out (same length, so positions are unchanged).
    const alt = blankTrailingPoints(query);
    if (alt !== query) {
      const t2 = lezer.parse(alt);
      if (!findError(t2.topNode)) {
        tree = t2;
        errNode = undefined;
      }
    }
  }
  const top = tree.topNode;
  if (errNode) {
    const pos = errNode.from;
    const prev = errNode.prevSibling;
    // `name(` where name is not a function: the grammar reads an identifier, then fails at "(".
    const ident =
      prev?.type.name === 'VectorSelector' && prev.firstChild?.type.name === 'Identifier'
        ? prev.firstChild
        : errNode.prevSibling?.type.name === 'Identifier'
          ? errNode.prevSibling
          : null;
    if (ident && /^\s*\(/.test(query.slice(ident.to))) {
      const name = query.slice(ident.from, ident.to);
      const unsupported = EXPERIMENTAL_DURATION_FUNCTIONS.has(name)
        ? 'experimental duration expression'
        : undefined;
      throw parseError(query, ident.from, `unknown function with name ${goQuote(name)}`, unsupported);
    }
    const dur = /\b(min_of|max_of)\s*\(/.exec(query);
    if (dur)
      throw parseError(
        query,
        dur.index,
        `unknown function with name "${dur[1]}"`,
        'experimental duration expression',
      );
    const tok = describeToken(query, pos);
    throw parseError(query, Math.min(pos, query.length), `unexpected ${tok}, ${expectedFor(errNode)}`);
  }
  const exprs = children(top).filter((c) => c.type.name !== 'LineComment');
  if (exprs.length === 0) throw parseError(query, 0, 'no expression found in input');
  if (exprs.length > 1)
    throw parseError(query, exprs[1].from, `unexpected ${describeToken(query, exprs[1].from)}`);
  try {
    return new Builder(query, opts).build(exprs[0]);
  } catch (e) {
    if (e instanceof RangeError) throw parseError(query, 0, 'expression nested too deeply');
    throw e;
  }
}
