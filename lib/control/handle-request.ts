import {constants} from 'node:os';
import {EXIT, SidecarError} from '../errors.js';
import {splitLines} from '../logs/lines.js';
import type {UnitHandle} from '../supervisor/add-on.js';
import {criticalNames, processReadiness, unitReadiness} from '../supervisor/unit-readiness.js';
import {PROTOCOL_VERSION, type ControlRequest, type UnitStatus} from './protocol.js';
import type {RecentLines} from './recent-lines.js';
import type {Reply, RequestHandler} from './server.js';

// What the control socket serves: the unit (or a stand-in in tests) and the last lines of its processes.
export type ControlTarget = {
	unit: Pick<UnitHandle, 'name' | 'pid' | 'config' | 'events' | 'finished' | 'snapshot' | 'processes' | 'dispatch'>;
	recent: RecentLines;
};

// `hup`, `HUP`, `SIGHUP` → `SIGHUP`; anything Node does not know is a usage error.
export function normalizeSignal(given: string): NodeJS.Signals {
	const name = given.toUpperCase().startsWith('SIG') ? given.toUpperCase() : `SIG${given.toUpperCase()}`;
	if (!(name in constants.signals)) {
		throw new SidecarError(`unable to send signal ${given}: not a signal name (e.g. SIGHUP, SIGUSR1, SIGTERM)`, EXIT.usage);
	}

	return name as NodeJS.Signals;
}

// Request → unit command (unit-commands.ts) → reply(s); the unit checks names and states and answers with what the
// reply needs. Restart, reload and the stop and start of one process run one at a time: two must not interleave stops
// and starts.
export function handleControlRequests({unit, recent}: ControlTarget): RequestHandler {
	let queue: Promise<unknown> = Promise.resolve();
	const serially = async <T>(job: () => Promise<T>): Promise<T> => {
		const result = queue.then(job);
		queue = result.catch(() => {});
		return result;
	};

	return async (request: ControlRequest, reply: Reply) => {
		switch (request.type) {
			case 'hello': {
				reply.send({ok: true, type: 'hello', name: unit.name, supervisorPid: unit.pid, version: PROTOCOL_VERSION});
				break;
			}

			case 'status': {
				const status: UnitStatus = unit.snapshot(); // The compiler checks the snapshot against the wire type here.
				reply.send({ok: true, type: 'status', status});
				break;
			}

			case 'restart': {
				const {pid, instances} = await serially(async () => unit.dispatch({type: 'restart', name: request.name, parallel: request.parallel}));
				reply.send({ok: true, type: 'restart', name: request.name, pid, ...(instances === undefined ? {} : {instances})});
				break;
			}

			case 'scale': {
				const result = await serially(async () => unit.dispatch({type: 'scale', name: request.name, count: request.count}));
				reply.send({ok: true, type: 'scale', name: request.name, ...result});
				break;
			}

			case 'signal': {
				const signal = normalizeSignal(request.signal);
				const {pid, pids} = await unit.dispatch({type: 'signal', name: request.name, signal});
				reply.send({ok: true, type: 'signal', name: request.name, signal, pid, ...(pids === undefined ? {} : {pids})});
				break;
			}

			case 'stop': {
				await unit.dispatch({type: 'stop-unit', reason: 'sidecar stop'});
				reply.send({ok: true, type: 'stop'});
				reply.send({ok: true, type: 'stopped', exitCode: await unit.finished});
				break;
			}

			case 'stop-process': {
				const {pid, exit} = await serially(async () => unit.dispatch({type: 'stop-process', name: request.name}));
				reply.send({ok: true, type: 'stop-process', name: request.name, pid, exit});
				break;
			}

			case 'start-process': {
				const {pid} = await serially(async () => unit.dispatch({type: 'start-process', name: request.name}));
				reply.send({ok: true, type: 'start-process', name: request.name, pid});
				break;
			}

			case 'reload': {
				const {plan} = await serially(async () => unit.dispatch({type: 'reload'}));
				reply.send({ok: true, type: 'reload', plan});
				break;
			}

			case 'run-now': {
				const {outcome, reason} = await unit.dispatch({type: 'run-now', name: request.name});
				reply.send({ok: true, type: 'run-now', name: request.name, outcome, ...(reason === undefined ? {} : {reason})});
				break;
			}

			case 'pause':
			case 'resume': {
				const {changed} = await unit.dispatch({type: request.type, name: request.name});
				reply.send({ok: true, type: request.type, name: request.name, changed});
				break;
			}

			case 'logs': {
				await streamLogs({unit, recent}, request, reply);
				break;
			}

			case 'ready': {
				const snapshot = unit.snapshot();
				const readiness = request.name === null ? unitReadiness(snapshot, criticalNames(unit.config)) : processReadiness(snapshot, request.name);
				if (readiness === undefined) {
					known(unit, request.name!, 'wait for');
				}

				reply.send({ok: true, type: 'ready', name: request.name, ...readiness!});
				break;
			}
		}
	};
}

async function streamLogs({unit, recent}: ControlTarget, request: Extract<ControlRequest, {type: 'logs'}>, reply: Reply): Promise<void> {
	if (request.name !== null) {
		known(unit, request.name, 'read logs of');
	}

	reply.send({ok: true, type: 'logs'});
	for (const line of recent.last(request.name, request.lines)) {
		reply.send({ok: true, type: 'line', ...line});
	}

	if (!request.follow) {
		reply.send({ok: true, type: 'end'});
		return;
	}

	const feed = request.name === null ? unit.events.lines.every() : unit.events.lines.of(request.name);
	const stop = feed.subscribe(({name, stream, block}) => {
		const time = new Date().toISOString();
		for (const line of splitLines(block)) {
			if (!reply.send({ok: true, type: 'line', time, name, stream, line: line.toString('utf8')}, {skippable: true})) {
				return;
			}
		}
	});
	await new Promise(resolve => {
		reply.closed.addEventListener('abort', resolve, {once: true});
		void unit.finished.then(resolve);
	});
	stop();
}

// `sidecar logs NAME` changes nothing, so it is no unit command: its name is checked here.
function known(unit: ControlTarget['unit'], name: string, verb: string): void {
	const names = unit.processes().map(({name: each}) => each);
	if (!names.includes(name)) {
		throw new SidecarError(`unable to ${verb} ${name}: no such process in unit "${unit.name}" (${names.join(', ')})`, EXIT.usage);
	}
}
