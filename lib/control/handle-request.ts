import {constants} from 'node:os';
import type {ConfigDiff} from '../config/diff.js';
import {EXIT, SidecarError} from '../errors.js';
import type {LineTap} from '../logs/logger.js';
import type {UnitSnapshot} from '../supervisor/snapshot.js';
import {PROTOCOL_VERSION, type ControlRequest} from './protocol.js';
import {splitLines} from '../logs/lines.js';
import type {RecentLines} from './recent-lines.js';
import type {Reply, RequestHandler} from './server.js';

// What the control socket can see and do in a running unit (the Supervisor, or a stand-in in tests).
export type ControlUnit = {
	name: string;
	supervisorPid: number;
	snapshot: () => UnitSnapshot;
	restartProcess: (name: string) => Promise<void>;
	signalProcess: (name: string, signal: NodeJS.Signals) => number;
	requestStop: (request: {reason: string}) => void;
	// Resolves with the unit's exit code once it has stopped.
	finished: Promise<number>;
	// Re-reads the config file and applies the difference.
	reload: () => Promise<ConfigDiff>;
	recent: RecentLines;
	followLines: (listener: LineTap) => () => void;
};

// `hup`, `HUP`, `SIGHUP` → `SIGHUP`; anything Node does not know is a usage error.
export function normalizeSignal(given: string): NodeJS.Signals {
	const name = given.toUpperCase().startsWith('SIG') ? given.toUpperCase() : `SIG${given.toUpperCase()}`;
	if (!(name in constants.signals)) {
		throw new SidecarError(`unable to send signal ${given}: not a signal name (e.g. SIGHUP, SIGUSR1, SIGTERM)`, EXIT.usage);
	}

	return name as NodeJS.Signals;
}

// Request → unit call → reply(s). Restart and reload run one at a time: two reloads must not interleave stops and starts.
export function handleControlRequests(unit: ControlUnit): RequestHandler {
	let queue: Promise<unknown> = Promise.resolve();
	const serially = async <T>(job: () => Promise<T>): Promise<T> => {
		const result = queue.then(job);
		queue = result.catch(() => {});
		return result;
	};

	return async (request: ControlRequest, reply: Reply) => {
		switch (request.type) {
			case 'hello': {
				reply.send({ok: true, type: 'hello', name: unit.name, supervisorPid: unit.supervisorPid, version: PROTOCOL_VERSION});
				break;
			}

			case 'status': {
				reply.send({ok: true, type: 'status', status: unit.snapshot()});
				break;
			}

			case 'restart': {
				known(unit, request.name, 'restart');
				await serially(async () => unit.restartProcess(request.name));
				const pid = unit.snapshot().processes.find(process => process.name === request.name)?.pid ?? null;
				reply.send({ok: true, type: 'restart', name: request.name, pid});
				break;
			}

			case 'signal': {
				known(unit, request.name, 'signal');
				const signal = normalizeSignal(request.signal);
				reply.send({ok: true, type: 'signal', name: request.name, signal, pid: unit.signalProcess(request.name, signal)});
				break;
			}

			case 'stop': {
				unit.requestStop({reason: 'sidecar stop'});
				reply.send({ok: true, type: 'stop'});
				reply.send({ok: true, type: 'stopped', exitCode: await unit.finished});
				break;
			}

			case 'reload': {
				reply.send({ok: true, type: 'reload', plan: await serially(unit.reload)});
				break;
			}

			case 'logs': {
				await streamLogs(unit, request, reply);
				break;
			}
		}
	};
}

async function streamLogs(unit: ControlUnit, request: Extract<ControlRequest, {type: 'logs'}>, reply: Reply): Promise<void> {
	if (request.name !== null) {
		known(unit, request.name, 'read logs of');
	}

	reply.send({ok: true, type: 'logs'});
	for (const line of unit.recent.last(request.name, request.lines)) {
		reply.send({ok: true, type: 'line', ...line});
	}

	if (!request.follow) {
		reply.send({ok: true, type: 'end'});
		return;
	}

	const stop = unit.followLines((name, stream, block) => {
		if (request.name === null || request.name === name) {
			const time = new Date().toISOString();
			for (const line of splitLines(block)) {
				if (!reply.send({ok: true, type: 'line', time, name, stream, line: line.toString('utf8')}, {skippable: true})) {
					return;
				}
			}
		}
	});
	await new Promise(resolve => {
		reply.closed.addEventListener('abort', resolve, {once: true});
		void unit.finished.then(resolve);
	});
	stop();
}

function known(unit: ControlUnit, name: string, verb: string): void {
	const names = unit.snapshot().processes.map(process => process.name);
	if (!names.includes(name)) {
		throw new SidecarError(`unable to ${verb} ${name}: no such process in unit "${unit.name}" (${names.join(', ')})`, EXIT.usage);
	}
}
