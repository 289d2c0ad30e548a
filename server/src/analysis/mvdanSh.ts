/**
 * mvdan-sh without its global side effect. The GopherJS runtime it is built with sets
 * `Error.stackTraceLimit = Infinity` when it loads, for the whole process; from then on every Error
 * records the entire call stack. The `yaml` composer creates one error per unclosed bracket while
 * deep in its recursion, so 2,000 nested `[` cost seconds instead of ~0.1 s. Loading it here, with a
 * plain `require` placed after the limit is read, keeps the limit the process had.
 */
import type * as MvdanSh from 'mvdan-sh';

const stackTraceLimit = Error.stackTraceLimit;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mvdan = require('mvdan-sh') as typeof MvdanSh;
Error.stackTraceLimit = stackTraceLimit;

export const syntax = mvdan.syntax;
export type ShNode = MvdanSh.ShNode;
export type ShParser = MvdanSh.ShParser;
