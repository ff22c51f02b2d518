import {isIP} from 'node:net';
import path from 'node:path';
import type {Issue} from '../errors.js';
import {isObject, NAME_EXPECTED, NAME_PATTERN, readNumber, readObject, readRecord} from './fields.js';
import type {ResolvedGroup, ResolvedProcess, ResolvedSocket} from './types.js';

// Node's own default backlog for `server.listen` (lib/net.js).
const DEFAULT_BACKLOG = 511;

// A process's `sockets: ['http']` → the names, checked against the unit's later (checkSocketUse). Only long-running
// processes: a task runs to its end and a gate has no process, so neither would ever accept (docs/sockets.md).
export function readSocketNames(at: string, value: unknown, run: ResolvedProcess['run'], issues: Issue[]): string[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value) || value.some(name => typeof name !== 'string') || new Set(value).size < value.length) {
		issues.push({path: `${at}.sockets`, given: value, expected: 'a list of distinct socket names from the unit\'s `sockets`, like ["http"]'});
		return [];
	}

	if (run !== 'always') {
		issues.push({path: `${at}.sockets`, given: value, expected: `no sockets on a ${run === 'once' ? 'task (run: \'once\')' : 'gate'}: only a long-running process accepts connections`});
		return [];
	}

	return value as string[];
}

// The unit's `sockets` → ResolvedSocket[], each used by some process, none sharing a port with metrics, a replica's
// SIDECAR_PORT or another socket (docs/sockets.md).
export function resolveSockets(value: unknown, directory: string, processes: readonly ResolvedProcess[], groups: readonly ResolvedGroup[], listeners: UnitListeners, issues: Issue[]): ResolvedSocket[] {
	const record = readRecord('sockets', value, issues);
	const sockets = Object.entries(record).flatMap(([name, spec]) => {
		const socket = readSocket(`sockets.${name}`, name, spec, directory, issues);
		return socket === null ? [] : [socket];
	});
	// A socket with a mistake is still declared: the process listing it is not wrong too.
	checkSocketUse(Object.keys(record), processes, groups, issues);
	checkSocketPorts(sockets, processes, listeners, issues);
	return sockets;
}

function readSocket(at: string, name: string, value: unknown, directory: string, issues: Issue[]): ResolvedSocket | null {
	if (!NAME_PATTERN.test(name)) {
		issues.push({path: at, given: name, expected: NAME_EXPECTED});
	}

	if (!isObject(value) || (value.port === undefined) === (value.path === undefined)) {
		issues.push({path: at, given: value, expected: 'an object with either a port ({port: 8080, host?: \'127.0.0.1\', backlog?}) or a path ({path: \'app.sock\', mode?: \'660\', backlog?})'});
		return null;
	}

	const before = issues.length;
	const spec = readObject(at, value, value.port === undefined ? ['path', 'mode', 'backlog'] : ['port', 'host', 'backlog'], issues);
	const backlog = readNumber(`${at}.backlog`, spec.backlog, DEFAULT_BACKLOG, {min: 1, integer: true}, issues);
	if (spec.port !== undefined) {
		const host = spec.host ?? '127.0.0.1';
		if (typeof spec.port !== 'number' || !Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65_535) {
			issues.push({path: `${at}.port`, given: spec.port, expected: 'an integer from 1 to 65535'});
		}

		if (typeof host !== 'string' || isIP(host) === 0) {
			issues.push({path: `${at}.host`, given: host, expected: 'an IP address like \'127.0.0.1\', \'0.0.0.0\' or \'::\' (a name is not resolved)'});
		}

		return issues.length > before ? null : {name, backlog, kind: 'tcp', host: host as string, port: spec.port as number};
	}

	if (typeof spec.path !== 'string' || spec.path === '') {
		issues.push({path: `${at}.path`, given: spec.path, expected: 'a non-empty path, relative to the config directory'});
	}

	const mode = spec.mode === undefined ? null : readMode(`${at}.mode`, spec.mode, issues);
	return issues.length > before ? null : {name, backlog, kind: 'unix', path: path.resolve(directory, spec.path as string), mode};
}

function readMode(at: string, value: unknown, issues: Issue[]): number | null {
	if (typeof value === 'string' && /^0?[0-7]{3}$/.test(value)) {
		return Number.parseInt(value, 8);
	}

	issues.push({path: at, given: value, expected: 'an octal string of permissions, like \'660\''});
	return null;
}

// Every name a process lists is declared, and every declared socket is listed by a process (or a replicated group).
function checkSocketUse(names: readonly string[], processes: readonly ResolvedProcess[], groups: readonly ResolvedGroup[], issues: Issue[]): void {
	const declared = new Set(names);
	const reported = new Set<string>();
	for (const spec of processes) {
		const at = spec.kind === 'main' ? 'main' : `sidecars.${spec.replica?.group ?? spec.name}`;
		for (const name of spec.sockets.filter(name => !declared.has(name))) {
			if (!reported.has(`${at}/${name}`)) {
				reported.add(`${at}/${name}`);
				issues.push({path: `${at}.sockets`, given: name, expected: `a socket declared in the unit's \`sockets\` (${[...declared].join(', ') || 'none is'})`});
			}
		}
	}

	const used = new Set(processes.flatMap(spec => spec.sockets));
	// A group scaled to 0 still lists its sockets in its template.
	for (const group of groups) {
		const listed = group.template.spec.sockets;
		for (const name of Array.isArray(listed) ? listed : []) {
			used.add(String(name));
		}
	}

	for (const name of names.filter(name => !used.has(name))) {
		issues.push({path: `sockets.${name}`, given: name, expected: 'a socket some process lists in its `sockets` (an unused socket would queue connections no one accepts)'});
	}
}

// The ports of the supervisor's own listeners (`metrics.port`, `http.port`), null when unset.
export type UnitListeners = {metrics: number | null; http: number | null};

// Two binds of one port fail at start-up; a tcp readiness probe on a held port passes at once (the kernel accepts into
// the backlog while no process does), so it is refused too: use an http probe or notify.
function checkSocketPorts(sockets: readonly ResolvedSocket[], processes: readonly ResolvedProcess[], listeners: UnitListeners, issues: Issue[]): void {
	const taken = new Map<number | string, string>();
	for (const [key, port] of Object.entries(listeners)) {
		if (port !== null && port > 0) {
			taken.set(port, `the ${key} port`);
		}
	}

	for (const spec of processes) {
		if (spec.replica !== null && spec.replica.port !== null) {
			taken.set(spec.replica.port, `${spec.name}'s SIDECAR_PORT`);
		}
	}

	for (const socket of sockets) {
		const key = socket.kind === 'tcp' ? socket.port : socket.path;
		const other = taken.get(key);
		if (other !== undefined) {
			issues.push({path: `sockets.${socket.name}.${socket.kind === 'tcp' ? 'port' : 'path'}`, given: key, expected: `a ${socket.kind === 'tcp' ? 'port' : 'path'} nothing else in the unit uses (${key} is ${other})`});
		}

		taken.set(key, `socket ${socket.name}`);
	}

	for (const spec of processes) {
		const probe = spec.readiness?.probe;
		const held = probe?.kind === 'tcp' ? sockets.find(socket => socket.kind === 'tcp' && socket.port === probe.port) : undefined;
		if (held !== undefined && probe?.kind === 'tcp' && spec.run !== 'gate') {
			const at = spec.kind === 'main' ? 'main' : `sidecars.${spec.replica?.group ?? spec.name}`;
			issues.push({path: `${at}.readiness.tcp`, given: probe.port, expected: `no tcp probe on socket ${held.name}'s port: the supervisor holds it, so a connect succeeds before the process listens (use an http probe or notify)`});
		}
	}
}
