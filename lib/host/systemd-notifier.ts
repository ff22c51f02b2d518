import {setTimeout as sleep} from 'node:timers/promises'; // Real time, not the unit's: systemd's watchdog counts real time.
import type {UnitHandle} from '../supervisor/add-on.js';
import type {NotifyTransport} from './notify-transport.js';

// What systemd passed to the supervisor; none of it is handed on to children (see takeNotifyEnvironment).
export type NotifyEnvironment = {socket: string; watchdogUsec: number | null};

// Reads and removes NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from `env`, as sd_notify(3)'s unset_environment
// does: a child that speaks sd_notify itself must not tell systemd the unit is ready before the supervisor does.
export function takeNotifyEnvironment(env: NodeJS.ProcessEnv, pid: number): NotifyEnvironment | null {
	const {NOTIFY_SOCKET: socket, WATCHDOG_USEC: usec, WATCHDOG_PID: watchdogPid} = env;
	delete env.NOTIFY_SOCKET;
	delete env.WATCHDOG_USEC;
	delete env.WATCHDOG_PID;
	if (socket === undefined || socket === '') {
		return null;
	}

	const forUs = watchdogPid === undefined || Number(watchdogPid) === pid;
	const watchdogUsec = forUs && usec !== undefined && Number(usec) > 0 ? Number(usec) : null;
	return {socket, watchdogUsec};
}

// Sends sd_notify messages through `transport` (the supervisor's own datagram socket, or systemd-notify as the
// fallback; docs/host.md), strictly in order; a failure is reported once and never affects the unit.
export class SystemdNotifier {
	#queue: Promise<void> = Promise.resolve();
	#failed = false;

	constructor(private readonly transport: NotifyTransport, private readonly environment: NotifyEnvironment, private readonly onError: (reason: string) => void) {}

	// Queues one datagram of `KEY=value` lines.
	send(...assignments: string[]): Promise<void> {
		this.#queue = this.#queue.then(async () => {
			const problem = await this.transport.send(assignments);
			if (problem !== null && !this.#failed) {
				this.#failed = true;
				this.onError(problem);
			}
		});
		return this.#queue;
	}

	// Resolves once every queued message was handed over.
	async flush(): Promise<void> {
		await this.#queue;
	}

	// WATCHDOG=1 at half of WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends, until `signal` aborts; only while
	// `health()` says the unit is healthy, so systemd's WatchdogSec= restarts a unit whose main hangs (docs/host.md).
	// Each change between pinging and not is told to `onChange`.
	async keepWatchdog(signal: AbortSignal, health: () => string | null = () => null, onChange: (problem: string | null) => void = () => {}): Promise<void> {
		const usec = this.environment.watchdogUsec;
		if (usec === null) {
			return;
		}

		const every = Math.max(1, Math.floor(usec / 2000));
		let last: string | null = null;
		while (!signal.aborted) {
			const problem = health();
			if (problem !== last) {
				last = problem;
				onChange(problem);
			}

			if (problem === null) {
				await this.send('WATCHDOG=1');
			}

			await sleep(every, undefined, {signal}).catch(() => {}); // Aborted: the loop condition ends it.
		}
	}
}

// The parts of the unit the systemd link reads.
export type NotifiedUnit = Pick<UnitHandle, 'events' | 'processes' | 'state' | 'name' | 'config'>;

// Why the watchdog must not be fed now, or null: main's liveness fails, or a critical sidecar is fatal or unhealthy.
export function unitHealthProblem(unit: Pick<UnitHandle, 'processes'>): string | null {
	const [main, ...sidecars] = unit.processes();
	if (main !== undefined && !main.healthy) {
		return 'main is unhealthy';
	}

	// A sidecar held stopped (`sidecar stop NAME`) is not failing, whatever its last spawn's liveness said.
	const failing = sidecars.find(member => member.spec.critical && member.state !== 'stopped' && (member.state === 'fatal' || !member.healthy));
	return failing === undefined ? null : `critical sidecar ${failing.name} is ${failing.state === 'fatal' ? 'fatal' : 'unhealthy'}`;
}

// How long start-up may still take while 'before' sidecars start: the longest readiness timeout among them and main's
// (1 s alive without a probe), plus a margin; sent as EXTEND_TIMEOUT_USEC each time one starts.
export function startupExtensionUsec(unit: Pick<UnitHandle, 'config'>): number {
	const {main, sidecars} = unit.config;
	const longest = Math.max(...[main, ...sidecars.filter(sidecar => sidecar.start === 'before')].map(spec => spec.readiness?.timeout ?? 1000));
	return (longest + (main.readiness?.timeout ?? 1000) + 5000) * 1000;
}

// `systemctl status` shows this line: `main ready, 2/2 sidecars ready`, and for each process that is down after a
// failure, its state and the last line it wrote to stderr (crash context): `; migrate fatal: relation "x" exists`; one
// stopped on purpose (`sidecar stop NAME`, not started) is named as such: `; tools stopped`; a schedule whose
// failureThreshold runs in a row failed (docs/schedules.md), until one succeeds: `; renew schedule failing`.
export function unitStatus(unit: Pick<UnitHandle, 'processes'>, failingSchedules: Iterable<string> = []): string {
	const [main, ...sidecars] = unit.processes();
	const failed = unit.processes().filter(({state, lastExitStderr}) => ['backoff', 'exited', 'fatal'].includes(state) && lastExitStderr.length > 0)
		.map(({name, state, lastExitStderr}) => `; ${name} ${state}: ${lastExitStderr.at(-1)!.slice(0, 200)}`);
	const stopped = sidecars.filter(({state}) => state === 'stopped').map(({name}) => `; ${name} stopped`);
	const failing = [...failingSchedules].map(name => `; ${name} schedule failing`);
	return `main ${main?.state ?? 'pending'}, ${sidecars.filter(({ready}) => ready).length}/${sidecars.length} sidecars ready${failed.join('')}${stopped.join('')}${failing.join('')}`;
}

// EXTEND_TIMEOUT_USEC as each 'before' sidecar starts, READY=1 once main is ready (docs/host.md), then STATUS= on state changes of any process, those a reload adds
// included (coalesced while one is in flight); STOPPING=1 when the unit begins to stop, after which nothing else is sent.
export function notifyUnit(unit: NotifiedUnit, notifier: SystemdNotifier, signal: AbortSignal): void {
	let ready = false;
	let stopping = false;
	let inFlight = false;
	let dirty = false;
	const failing = new Set<string>(); // Schedules told failing (`schedule-failing`) and not yet succeeded since.
	const update = async () => {
		if (stopping || inFlight) {
			dirty = true;
			return;
		}

		inFlight = true;
		do {
			dirty = false;
			const readyNow = !ready && unit.processes()[0]?.ready === true;
			ready ||= readyNow;
			await notifier.send(...(readyNow ? ['READY=1'] : []), `STATUS=${unitStatus(unit, failing)}`);
		} while (dirty && !stopping);
		inFlight = false;
	};

	const extension = `EXTEND_TIMEOUT_USEC=${startupExtensionUsec(unit)}`;
	unit.events.onEvery(event => {
		if (event.event === 'starting' && unit.state === 'starting' && !stopping) {
			void notifier.send(extension); // A 'before' sidecar starts: TimeoutStartSec need not cover the worst case.
		}

		if (event.event === 'schedule-failing') {
			failing.add(event.name);
			void update();
		} else if (event.event === 'schedule-ended' && event.result === 'succeeded' && failing.delete(event.name)) {
			void update();
		} else if (event.event === 'state') {
			void update();
		} else if (event.event === 'unit-state' && unit.state === 'stopping' && !stopping) {
			stopping = true;
			void notifier.send('STOPPING=1', 'STATUS=stopping');
		}
	}, signal);
}
