/**
 * Programs on trampolines (fentry, fexit, fmod_ret, freplace), live patches
 * and direct trampolines: the clients of the core's trampoline, IPMODIFY and
 * direct-call machinery.
 */
export { attach, enableStats, trampolineOf, Link, MAX_TRAMP_LINKS, type ProgramKind, type ProgramSpec, type ProgramHandler, type ProgramStats, type LinkedFunction, type TrampolineInfo, type Target } from './attach.js';
export { patch, Patch } from './patch.js';
export { registerDirect, DirectCall, type DirectTrampoline } from './direct.js';
export { ProgramContext, type FuncInfo } from '../backends/js/index.js';
export { loadPrograms, type LoadedPrograms, type LoadOptions, type ProbeHelpers, type ProgramEntry, type PatchEntry } from './load.js';
