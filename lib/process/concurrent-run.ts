import type {ResolvedProcess} from '../config/types.js';
import {childScope} from '../abort-scope.js';
import {readOutput} from '../logs/output-reader.js';
import {isSuccessfulExit} from './restart-policy.js';
import {outputSettled, type Child} from './spawn.js';
import {StderrTail} from './stderr-tail.js';
import {stopChild} from './stop-child.js';
import {limitTaskRun} from './task-timeout.js';
import type {ProcessHost} from './unit-member.js';

// What an extra run needs of the unit: its spawn (with the add-ons' preludes), the child's env, events, clock, kill, /proc.
export type ConcurrentRunHost = Pick<ProcessHost, 'spawn' | 'env' | 'events' | 'now' | 'sleep' | 'kill' | 'procTable'>;

// How an extra run ended: 'interrupted' by a stop (the unit's, or its schedule's removal by a reload).
export type ConcurrentOutcome = 'succeeded' | 'failed' | 'interrupted';

// One extra run of a scheduled task beside the run in progress (overlap 'allow', docs/schedules.md): the task's own
// spec spawned through the unit's spawn (same argv, env, cwd, user and group, the add-ons' preludes), in a process group
// of its own, its lines and `starting`/`exited` events under `tag` (`job#3`) so runs can be told apart. One spawn: no
// restart policy retries it; its `timeout` bounds it; `stop` is the task's stop path. Once `until` (the unit) ends, a
// run still alive has its whole group SIGKILLed at once: nothing outlives the unit.
export class ConcurrentRun {
	readonly pid: number | null;
	readonly ended: Promise<ConcurrentOutcome>;
	readonly #child: Child;
	readonly #scope: AbortController;
	readonly #tail = new StderrTail();
	#stopping: Promise<void> | null = null;
	#timedOut = false;
	#exited = false;

	constructor(readonly spec: ResolvedProcess, readonly tag: string, private readonly host: ConcurrentRunHost, private readonly until: AbortSignal) {
		const child = host.spawn(spec, host.env(spec.name));
		this.#child = child;
		this.pid = child.pid > 0 ? child.pid : null;
		this.#scope = childScope(until);
		readOutput(host.events, tag, 'stdout', child.stdout);
		readOutput(host.events, tag, 'stderr', child.stderr, block => this.#tail.push(block));
		host.events.publish({event: 'starting', name: tag, pid: this.pid ?? undefined});
		this.#scope.signal.addEventListener('abort', () => {
			if (!this.#exited && this.pid !== null) {
				host.kill(-this.pid, 'SIGKILL'); // The unit is gone: no graceful stop is left to wait for.
			}
		}, {once: true});
		void limitTaskRun(spec.timeout, this.pid, host.sleep, async reason => {
			this.#timedOut = true;
			await this.stop(reason);
		}, this.#scope.signal);
		this.ended = this.#end();
	}

	// Stops it as the task is stopped (stopSignal to its group, SIGKILL of the tree after stopTimeout); once.
	async stop(reason?: string): Promise<void> {
		if (this.#exited || this.pid === null) {
			return;
		}

		this.#stopping ??= stopChild({...this.spec, name: this.tag}, this.#child, this.host, this.until, reason);
		await this.#stopping;
	}

	async #end(): Promise<ConcurrentOutcome> {
		const exit = await this.#child.exited;
		this.#exited = true;
		await outputSettled(this.#child);
		await this.#stopping;
		this.#scope.abort();
		const interrupted = this.#stopping !== null && !this.#timedOut;
		const succeeded = !interrupted && !this.#timedOut && isSuccessfulExit(this.spec, exit);
		const stderr = succeeded || interrupted ? undefined : this.#tail.lines();
		this.host.events.publish({
			event: 'exited', name: this.tag, pid: this.pid ?? undefined, ...exit,
			stopped: interrupted || undefined, cause: this.#timedOut ? 'timed out' : undefined, stderr: stderr?.length ? [...stderr] : undefined,
		});
		return succeeded ? 'succeeded' : interrupted ? 'interrupted' : 'failed';
	}
}
