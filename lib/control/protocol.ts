// The wire format of the control socket (docs/control.md): its own types, so a change inside the supervisor cannot
// change what clients read without a compile error where the unit's values are turned into these.

// A request is one JSON object on one line.
export type ControlRequest =
	| {type: 'hello'}
	| {type: 'status'}
	// A group's name restarts its instances one at a time (`parallel`: all at once).
	| {type: 'restart'; name: string; parallel?: boolean}
	// A replicated sidecar runs `count` instances from now on (docs/control.md, Replicas).
	| {type: 'scale'; name: string; count: number}
	| {type: 'signal'; name: string; signal: string}
	| {type: 'stop'}
	// One sidecar, held stopped until `start-process` (docs/control.md, Stopping and starting one process).
	| {type: 'stop-process'; name: string}
	| {type: 'start-process'; name: string}
	| {type: 'reload'}
	// A process's schedule (docs/schedules.md): fire now, or skip its firings until resumed.
	| {type: 'run-now'; name: string}
	| {type: 'pause'; name: string}
	| {type: 'resume'; name: string}
	| {type: 'logs'; name: string | null; lines: number; follow: boolean}
	// Is the unit ready (name null: what /readyz answers), or one process or replicated sidecar (`sidecar wait`)?
	| {type: 'ready'; name: string | null};

// One process in a `status` reply (docs/control.md gives every field).
export type StatusProcess = {
	name: string;
	// The replicated sidecar it is an instance of, else null.
	group: string | null;
	kind: 'main' | 'sidecar';
	pid: number | null;
	// 'once': a task; 'gate': an external gate (no command).
	run: 'always' | 'once' | 'gate';
	// 'stopped': held down by `sidecar stop NAME`, or not started with the unit (enabled: false, a profile not selected).
	// 'scheduled': a task with a schedule, between its runs.
	state: 'pending' | 'starting' | 'ready' | 'running' | 'backoff' | 'stopping' | 'exited' | 'fatal' | 'completed' | 'waiting' | 'not-ready' | 'stopped' | 'scheduled';
	// What a gate in state `waiting` waits for, else null.
	waitingFor: string | null;
	ready: boolean;
	// What the process last sent as STATUS= on its NOTIFY_SOCKET (`readiness: {sdNotify: true}`), else null.
	statusText: string | null;
	healthy: boolean;
	restarts: number;
	uptimeMs: number | null;
	cpu: number | null;
	memory: number | null;
	limits: {enforcement: 'cgroup' | 'polling' | 'none'};
	// The latest exit, with the last stderr lines of that spawn (none after a clean or a requested stop).
	lastExit: LastExit | null;
	// A process with a schedule (docs/schedules.md): next and last firing (ISO), the last run's result, paused, and
	// failing once failureThreshold firings in a row failed; the last success (ISO) and the runs by result.
	schedule?: {
		nextRun: string | null; lastRun: string | null; lastResult: 'succeeded' | 'failed' | 'replaced' | 'interrupted' | null;
		paused: boolean; failures: number; failing: boolean;
		lastSuccess: string | null; runs: Partial<Record<'succeeded' | 'failed' | 'replaced' | 'interrupted', number>>;
	};
	// A watched process (docs/watch.md): watching (so many directories), failed (a limit) or suspended (a feedback
	// loop), its actions (restarts and signals, counted apart from `restarts`) and the last one.
	watch?: {
		state: 'watching' | 'failed' | 'suspended'; directories: number; actions: number; lastFile: string | null; lastAction: string | null;
		lastResult: 'restarted' | 'signalled' | 'step failed' | 'refused' | null;
	};
};

export type LastExit = {code: number | null; signal: NodeJS.Signals | null; error?: string; stderr: string[]};

// A replicated sidecar: ready instances of those asked for (`desired`; `configured` is the config's count).
export type StatusGroup = {name: string; state: 'running' | 'degraded' | 'fatal'; ready: number; desired: number; configured: number; instances: string[]};

export type UnitStatus = {name: string; supervisorPid: number; processes: StatusProcess[]; groups: StatusGroup[]};

// What a reload did: sidecars added, removed, changed and unchanged, and what only a restart of the unit applies.
export type ReloadPlan = {added: string[]; removed: string[]; changed: string[]; unchanged: string[]; mainChanged: boolean; needsRestart: string[]};

// One line a process wrote, as `logs` streams it.
export type LogLine = {time: string; name: string; stream: 'stdout' | 'stderr'; line: string};

// The replies to each request, in the order they come: `stop` answers `stop` then `stopped`; `logs` answers
// `logs`, then `line`s, then `end` (or the connection closes, when following).
export type Replies = {
	hello: {ok: true; type: 'hello'; name: string; supervisorPid: number; version: number};
	status: {ok: true; type: 'status'; status: UnitStatus};
	// `instances`: a group's, each with its new pid.
	restart: {ok: true; type: 'restart'; name: string; pid: number | null; instances?: Array<{name: string; pid: number | null}>};
	// `pids`: every instance of a group that was signalled.
	signal: {ok: true; type: 'signal'; name: string; signal: string; pid: number; pids?: number[]};
	scale: {ok: true; type: 'scale'; name: string; from: number; to: number; started: string[]; stopped: string[]};
	stop: {ok: true; type: 'stop'} | {ok: true; type: 'stopped'; exitCode: number};
	// `pid` and `exit`: the spawn that was stopped and how it ended; both null when nothing was running.
	'stop-process': {ok: true; type: 'stop-process'; name: string; pid: number | null; exit: {code: number | null; signal: NodeJS.Signals | null; error?: string} | null};
	'start-process': {ok: true; type: 'start-process'; name: string; pid: number | null};
	reload: {ok: true; type: 'reload'; plan: ReloadPlan};
	// 'skipped' with its reason (the last run still runs, overlap 'skip'); 'queued' behind it; 'replaced' it.
	'run-now': {ok: true; type: 'run-now'; name: string; outcome: 'started' | 'queued' | 'replaced' | 'skipped'; reason?: string};
	// `changed`: false when it was paused (or running) already.
	pause: {ok: true; type: 'pause'; name: string; changed: boolean};
	resume: {ok: true; type: 'resume'; name: string; changed: boolean};
	logs: {ok: true; type: 'logs'} | ({ok: true; type: 'line'} & LogLine) | {ok: true; type: 'end'};
	// `reasons`: why not, in words (docs/http.md, Readiness); empty when ready.
	ready: {ok: true; type: 'ready'; name: string | null; ready: boolean; reasons: string[]};
};

// An error reply: one line per problem, and the exit code the CLI should end with.
export type ErrorReply = {ok: false; error: string; exitCode: number};

// The replies a request of type T may get.
export type ReplyTo<T extends ControlRequest['type']> = Replies[T];

export type ControlReply = Replies[keyof Replies] | ErrorReply;

// Bumped when a request or reply changes incompatibly.
export const PROTOCOL_VERSION = 1;

// A line longer than this is refused and the connection closed: a client cannot make the supervisor buffer without end.
export const MAX_REQUEST_BYTES = 64 * 1024;

// A connection that has not sent a whole request for this long is closed (a slow or stuck client).
export const IDLE_TIMEOUT_MS = 10_000;

// The most instances `scale` asks for: a typo (`scale worker 1000000`) must not fork a million processes.
export const MAX_SCALE = 1000;

// How many lines `logs` returns when --lines is not given.
export const DEFAULT_LOG_LINES = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPES = ['hello', 'status', 'restart', 'scale', 'signal', 'stop', 'stop-process', 'start-process', 'reload', 'logs', 'run-now', 'pause', 'resume', 'ready'];

// One received line → a checked request, or the reason it is not one (the server replies with it and keeps serving).
export function parseRequest(line: string): ControlRequest | {error: string} {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return {error: `unable to read request: not JSON (${JSON.stringify(line.slice(0, 40))})`};
	}

	if (!isRecord(value) || typeof value.type !== 'string' || !TYPES.includes(value.type)) {
		return {error: `unable to read request: "type" must be one of ${TYPES.join(', ')}`};
	}

	const stringField = (field: string): string | {error: string} =>
		typeof value[field] === 'string' && value[field] !== '' ? value[field] : {error: `unable to read ${String(value.type)} request: "${field}" must be a non-empty string`};
	switch (value.type) {
		case 'restart': {
			const name = stringField('name');
			if (value.parallel !== undefined && typeof value.parallel !== 'boolean') {
				return {error: 'unable to read restart request: "parallel" must be true or false'};
			}

			return typeof name === 'string' ? {type: 'restart', name, ...(value.parallel === true ? {parallel: true} : {})} : name;
		}

		case 'stop-process':
		case 'start-process':
		case 'run-now':
		case 'pause':
		case 'resume': {
			const name = stringField('name');
			return typeof name === 'string' ? {type: value.type, name} : name;
		}

		case 'scale': {
			const name = stringField('name');
			const {count} = value;
			if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > MAX_SCALE) {
				return {error: `unable to read scale request: "count" must be an integer from 0 to ${MAX_SCALE}`};
			}

			return typeof name === 'string' ? {type: 'scale', name, count: count as number} : name;
		}

		case 'stop': {
			// A name here would be a client meaning one process: stopping the whole unit instead would be the worst reading.
			return 'name' in value ? {error: 'unable to read stop request: it takes no "name" (stop-process stops one process)'} : {type: 'stop'};
		}

		case 'signal': {
			const name = stringField('name');
			const signal = stringField('signal');
			return typeof name !== 'string' ? name : typeof signal !== 'string' ? signal : {type: 'signal', name, signal};
		}

		case 'ready': {
			const {name = null} = value;
			return name === null || (typeof name === 'string' && name !== '') ? {type: 'ready', name} : {error: 'unable to read ready request: "name" must be a non-empty string or null'};
		}

		case 'logs': {
			const {name = null, lines = DEFAULT_LOG_LINES, follow = false} = value;
			if ((name !== null && typeof name !== 'string') || !Number.isInteger(lines) || (lines as number) < 0 || typeof follow !== 'boolean') {
				return {error: 'unable to read logs request: expected {"name": string or null, "lines": integer >= 0, "follow": boolean}'};
			}

			return {type: 'logs', name, lines: lines as number, follow};
		}

		default: {
			return {type: value.type as 'hello' | 'status' | 'reload'};
		}
	}
}

// A message as one line of the protocol.
export const encodeLine = (message: ControlRequest | ControlReply): string => `${JSON.stringify(message)}\n`;
