export { PromQLEngine } from './engine.js';
export { PromQLError } from './errors.js';
export type * from './parse/ast.js';
export { exprType, parseExpr } from './parse/parse.js';
export type * from './types.js';
