// The JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the control protocol's replies (lib/control/protocol.ts),
// written by hand: test/http/openapi.ts checks every real reply against them, so a field added there fails here.

type Schema = Record<string, unknown>;

const string = {type: 'string'};
const integer = {type: 'integer'};
const boolean = {type: 'boolean'};
const nullable = (schema: Schema): Schema => ({anyOf: [schema, {type: 'null'}]});
const list = (items: Schema): Schema => ({type: 'array', items});
const constant = (value: unknown): Schema => ({const: value});
const oneOfStrings = (...values: string[]): Schema => ({enum: values});
const ref = (name: string): Schema => ({$ref: `#/components/schemas/${name}`});

// An object with these required fields, these optional ones, and no others.
export const object = (required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema => ({
	type: 'object',
	required: Object.keys(required),
	properties: {...required, ...optional},
	additionalProperties: false,
});

// A successful reply of `type` with these fields.
export const ok = (type: string, required: Record<string, Schema> = {}, optional: Record<string, Schema> = {}): Schema =>
	object({ok: constant(true), type: constant(type), ...required}, optional);

const results = oneOfStrings('succeeded', 'failed', 'replaced', 'interrupted');
const exit = {code: nullable(integer), signal: nullable(string)};

// components.schemas of the document.
export const SCHEMAS: Record<string, Schema> = {
	ErrorReply: object({ok: constant(false), error: string, exitCode: integer}),
	LastExit: object({...exit, stderr: list(string)}, {error: string}),
	StatusProcess: object({
		name: string,
		group: nullable(string),
		kind: oneOfStrings('main', 'sidecar'),
		pid: nullable(integer),
		run: oneOfStrings('always', 'once', 'gate'),
		state: oneOfStrings('pending', 'starting', 'ready', 'running', 'backoff', 'stopping', 'exited', 'fatal', 'completed', 'waiting', 'not-ready', 'stopped', 'scheduled'),
		waitingFor: nullable(string),
		ready: boolean,
		statusText: nullable(string),
		healthy: boolean,
		restarts: integer,
		uptimeMs: nullable({type: 'number'}),
		cpu: nullable({type: 'number'}),
		memory: nullable({type: 'number'}),
		limits: object({enforcement: oneOfStrings('cgroup', 'polling', 'none')}),
		lastExit: nullable(ref('LastExit')),
	}, {
		schedule: object({
			nextRun: nullable(string), lastRun: nullable(string), lastResult: nullable(results), paused: boolean, failures: integer, failing: boolean,
			lastSuccess: nullable(string), runs: {type: 'object', propertyNames: results, additionalProperties: integer},
		}),
		watch: object({
			state: oneOfStrings('watching', 'failed', 'suspended'), directories: integer, actions: integer, lastFile: nullable(string), lastAction: nullable(string),
			lastResult: nullable(oneOfStrings('restarted', 'signalled', 'step failed', 'refused')),
		}),
	}),
	StatusGroup: object({name: string, state: oneOfStrings('running', 'degraded', 'fatal'), ready: integer, desired: integer, configured: integer, instances: list(string)}),
	UnitStatus: object({name: string, supervisorPid: integer, processes: list(ref('StatusProcess')), groups: list(ref('StatusGroup'))}),
	LogLine: ok('line', {time: string, name: string, stream: oneOfStrings('stdout', 'stderr'), line: string}),
	Readiness: object({ready: boolean, reasons: list(string)}),
	// A lifecycle event (docs/http.md, Events): its fields besides these depend on `event`, as in the JSON log format.
	Event: {type: 'object', required: ['time', 'event', 'name'], properties: {time: string, event: string, name: string}, not: {required: ['ok']}},
};

// The reply schema of each control request (protocol.ts, Replies).
export const REPLIES: Record<string, Schema> = {
	hello: ok('hello', {name: string, supervisorPid: integer, version: integer}),
	status: ok('status', {status: ref('UnitStatus')}),
	restart: ok('restart', {name: string, pid: nullable(integer)}, {instances: list(object({name: string, pid: nullable(integer)}))}),
	signal: ok('signal', {name: string, signal: string, pid: integer}, {pids: list(integer)}),
	scale: ok('scale', {name: string, from: integer, to: integer, started: list(string), stopped: list(string)}),
	stop: ok('stop'),
	'stop-process': ok('stop-process', {name: string, pid: nullable(integer), exit: nullable(object(exit, {error: string}))}),
	'start-process': ok('start-process', {name: string, pid: nullable(integer)}),
	reload: ok('reload', {plan: object({added: list(string), removed: list(string), changed: list(string), unchanged: list(string), mainChanged: boolean, needsRestart: list(string)})}),
	'run-now': ok('run-now', {name: string, outcome: oneOfStrings('started', 'queued', 'replaced', 'skipped')}, {reason: string}),
	pause: ok('pause', {name: string, changed: boolean}),
	resume: ok('resume', {name: string, changed: boolean}),
	ready: ok('ready', {name: nullable(string), ready: boolean, reasons: list(string)}),
	logs: {oneOf: [ok('logs'), ref('LogLine'), ok('end')]},
};
