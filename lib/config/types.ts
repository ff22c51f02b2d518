// What users write (SidecarConfig) and what the code reads (ResolvedConfig): see docs/config.md.

export type Duration = number | string;
export type Size = number | string;
// An array runs directly; a string runs through `/bin/sh -c`.
export type Command = string | string[];
export type SignalName = `SIG${string}`;

export type ProbeSpec =
	| {tcp: number | string}
	| {http: string}
	| {exec: Command}
	| {log: string}
	| {file: string};

export type ReadinessSpec = ProbeSpec & {timeout?: Duration; interval?: Duration};
export type LivenessSpec = Exclude<ProbeSpec, {log: string} | {file: string}> & {
	interval?: Duration;
	timeout?: Duration;
	failureThreshold?: number;
	initialDelay?: Duration;
};

export type LimitsSpec = {
	memory?: Size;
	cpu?: number;
	action?: 'restart' | 'stop' | 'warn';
	enforce?: 'auto' | 'cgroup' | 'polling';
	interval?: Duration;
};

export type LogFileSpec = {file?: string; maxSize?: Size; keep?: number};

export type ProcessSpec = {
	command?: Command;
	readiness?: ReadinessSpec;
	liveness?: LivenessSpec;
	limits?: LimitsSpec;
	stopSignal?: SignalName;
	stopTimeout?: Duration;
	env?: Record<string, string>;
	cwd?: string;
	user?: string | number;
	group?: string | number;
	image?: string;
	logs?: LogFileSpec;
};

export type SidecarSpec = ProcessSpec & {
	start?: 'before' | 'after';
	dependsOn?: string[];
	restart?: 'always' | 'on-failure' | 'never';
	backoff?: {initial?: Duration; max?: Duration; factor?: number; resetAfter?: Duration};
	maxRestarts?: {count?: number; window?: Duration};
	critical?: boolean;
};

// 'none' drops a signal that would otherwise be forwarded by default.
export type SignalTarget = 'main' | 'sidecars' | 'all' | 'none' | string[];

export type SidecarConfig = {
	name?: string;
	main?: ProcessSpec;
	sidecars?: Record<string, SidecarSpec>;
	signals?: Record<string, SignalTarget>;
	logs?: {format?: 'pretty' | 'json'; timestamps?: boolean};
	metrics?: {port?: number; host?: string};
};

export type ResolvedProbe =
	| {kind: 'tcp'; host: string; port: number}
	| {kind: 'http'; url: string}
	| {kind: 'exec'; command: string[]}
	| {kind: 'log'; pattern: string}
	| {kind: 'file'; path: string};

export type ResolvedReadiness = {probe: ResolvedProbe; timeout: number; interval: number};
export type ResolvedLiveness = {
	probe: ResolvedProbe;
	interval: number;
	timeout: number;
	failureThreshold: number;
	initialDelay: number;
};
export type ResolvedBackoff = {initial: number; max: number; factor: number; resetAfter: number};
export type ResolvedLimits = {
	memory: number | null;
	cpu: number | null;
	action: 'restart' | 'stop' | 'warn';
	enforce: 'auto' | 'cgroup' | 'polling';
	interval: number;
};

export type ResolvedProcess = {
	name: string;
	kind: 'main' | 'sidecar';
	// Always argv: a string command becomes ['/bin/sh', '-c', command].
	command: string[];
	start: 'before' | 'after';
	dependsOn: string[];
	readiness: ResolvedReadiness | null;
	liveness: ResolvedLiveness | null;
	restart: 'always' | 'on-failure' | 'never';
	backoff: ResolvedBackoff;
	maxRestarts: {count: number; window: number};
	critical: boolean;
	limits: ResolvedLimits;
	stopSignal: NodeJS.Signals;
	stopTimeout: number;
	env: Record<string, string>;
	cwd: string;
	user: string | number | null;
	group: string | number | null;
	image: string | null;
	logs: {file: string | null; maxSize: number; keep: number};
};

export type ResolvedConfig = {
	name: string;
	// The folder the config was found in (or the working directory when there is none).
	directory: string;
	file: string | null;
	main: ResolvedProcess;
	// In declared order; lib/config/start-order.ts decides the start order.
	sidecars: ResolvedProcess[];
	// Signal → names of the processes it is forwarded to.
	signals: Record<string, SignalTarget>;
	logs: {format: 'pretty' | 'json'; timestamps: boolean};
	metrics: {port: number; host: string} | null;
};
