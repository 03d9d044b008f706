import type { Matcher } from '../../storage/types.js';

/** The type of value an expression evaluates to (Prometheus' ValueType). */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless';

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

/** Where an `@` modifier points: a fixed time (ms) or the query's start/end. */
export type AtModifier = { kind: 'time'; ms: number } | { kind: 'start' } | { kind: 'end' };

interface Node {
  /** 0-based offset of the node's first character in the query. */
  pos: number;
}

export interface NumberLiteral extends Node {
  type: 'NumberLiteral';
  value: number;
}

export interface StringLiteral extends Node {
  type: 'StringLiteral';
  value: string;
}

export interface VectorSelector extends Node {
  type: 'VectorSelector';
  /** Metric name if given as an identifier or `{"name"}`, else undefined. */
  name?: string;
  /** All matchers, including the `__name__` one when a name is given. */
  matchers: Matcher[];
  offsetMs: number;
  at?: AtModifier;
}

export interface MatrixSelector extends Node {
  type: 'MatrixSelector';
  selector: VectorSelector;
  rangeMs: number;
}

export interface SubqueryExpr extends Node {
  type: 'SubqueryExpr';
  expr: Expr;
  rangeMs: number;
  /** 0 means the engine's default evaluation interval. */
  stepMs: number;
  offsetMs: number;
  at?: AtModifier;
}

export interface Call extends Node {
  type: 'Call';
  func: string;
  args: Expr[];
}

export interface AggregateExpr extends Node {
  type: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  param?: Expr;
  grouping: string[];
  without: boolean;
}

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  card: Cardinality;
  /** True for `on(...)`, false for `ignoring(...)` or no clause. */
  on: boolean;
  labels: string[];
  /** Labels copied from the "one" side by group_left/group_right. */
  include: string[];
}

export interface BinaryExpr extends Node {
  type: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  /** Present when both sides are instant vectors. */
  matching?: VectorMatching;
}

export interface UnaryExpr extends Node {
  type: 'UnaryExpr';
  op: '-' | '+';
  expr: Expr;
}

export interface ParenExpr extends Node {
  type: 'ParenExpr';
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

export function isComparisonOp(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

export function isSetOp(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}
