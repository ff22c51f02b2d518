// What users write (SidecarConfig) and what the code reads (ResolvedConfig): see docs/config.md. One import for
// both, and the type surface the package publishes (lib/index.ts); each concern lives in its own file.
export type * from './spec-values.js';
export type * from './listener-spec.js';
export type * from './notify-spec.js';
export type * from './probe-spec.js';
export type * from './replicas-spec.js';
export type * from './schedule-spec.js';
export type * from './socket-spec.js';
export type * from './watch-spec.js';
export type * from './sidecar-config.js';
export type * from './resolved-config.js';
