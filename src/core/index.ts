/**
 * The ftrace core's public surface: the engine, ops, flags, the backend
 * interface a patch-site implementation provides, the reports, and the BPF
 * trampolines' bookkeeping (links, limits, the IPMODIFY sharing protocol).
 */
export { Ftrace, describe, tokenize, type BugReport, type CommandHandler, type CommandInvocation, type RecordState } from './ftrace.js';
export { Ops, LEAVE, OPS_CMD, type Leave, type ReturnHooks, type OpsFunc, type OpsInit, type ArgsView, type OpsCmd, type OpsCmdFunc } from './ops.js';
export { Fgraph, FgraphOps, FGRAPH_MAX, type GraphEntryFunc, type GraphReturnFunc } from './fgraph.js';
export { OPS_FL, REC_FL, REC_NOCLEAR, SAVE_ARGS, UPDATE, ERRNO, errnoName, opsFlagNames } from './flags.js';
export { Trampolines, Trampoline, TrampLink, Prog, TRAMP_F, TRAMP_KIND, MAX_TRAMP_LINKS, type TrampKind, type TrampolineImage } from './trampoline.js';
export type { Backend, CallTarget, DirectCall, SiteName, SitesListener } from './backend.js';
export { FilterHash, type ModPattern } from './hash.js';
export { compile, globToRegExp, type Matcher, type MatchType } from './glob.js';
export { enabledFunctions, touchedFunctions, availableFilterFunctions, recordLine } from './report.js';
