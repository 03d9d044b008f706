export { PromQLEngine } from './engine.js';
export { PromQLError } from './errors.js';
export type * from './parse/ast.js';
export { exprType, type ParseOptions, parseExpr } from './parse/parse.js';
export { runScript, type ScriptFailure, type ScriptResult, type TestStorage } from './test/runner.js';
export type * from './types.js';
