import type {ResolvedProcess, ResolvedWatch, ResolvedWatchAction} from '../config/types.js';
import type {RunOnceOptions, RunOnceResult} from '../run-once.js';
import type {TreeWatchOptions, TreeWatcher, WatchFailure} from '../watch/watch-tree.js';
import type {UnitHandle} from './add-on.js';
import type {WatchTimes} from './snapshot.js';
import {untilRunning} from './until-running.js';
import {dependentsOf, membersOf} from './watch-targets.js';

// What a watch reads of the unit and asks of it: its clock, state, config (dependents for `cascade`), and `dispatch`.
export type WatchUnit = Pick<UnitHandle, 'state' | 'clock' | 'dispatch' | 'events' | 'config'>;

// How the tree of watched files is opened (watch/watch-tree.ts; a fake one in the in-process tests).
export type OpenTree = (options: TreeWatchOptions, handlers: {change: (file: string) => void; failed: (failure: WatchFailure) => void}) => TreeWatcher;

// How a build or validation step runs (run-once.ts: its own process group, killed whole at its end or timeout).
export type RunStep = (file: string, args: readonly string[], options: RunOnceOptions) => Promise<RunOnceResult>;

// What `sidecar status` shows of a watch (docs/watch.md): the snapshot's shape, its time in ms.
export type WatchView = WatchTimes;

// A feedback loop (docs/watch.md): this many actions in a row, each set off by a change within LOOP_GAP of the end of
// the one before, suspend the watch; a person saving files does not keep that pace, a process writing what it watches does.
export const LOOP_ACTIONS = 5;
export const LOOP_GAP = 2000;
// A stream of changes that never goes quiet still acts after this many debounce periods.
const MAX_SETTLE = 10;
// The last lines of a failed step's stderr carried by its event.
const STDERR_TAIL = 20;

// One process's (or one replicated group's) watch: opens the tree, coalesces bursts of changes on the unit's clock,
// and acts through `dispatch`, so a restart goes through the normal stop path and the old tree is gone before the
// new spawn (frontier §1.3: nodemon's EADDRINUSE). Changes during an action queue one more.
export class WatchTrigger {
	#tree: TreeWatcher | null = null;
	#state: WatchView['state'] = 'watching';
	#changes = 0;
	#first = 0;
	#last = 0;
	#file: string | null = null;
	#wake: (() => void) | null = null;
	#actions = 0;
	#lastAction: number | null = null;
	#lastResult: WatchView['lastResult'] = null;
	#actionEnded: number | null = null;
	#loopRun = 0;

	constructor(
		// The process or group acted on.
		readonly target: string,
		readonly watch: ResolvedWatch,
		// The spec a step runs with (cwd, env): the process's, or the group's first instance's.
		private readonly spec: ResolvedProcess,
		private readonly unit: WatchUnit,
		private readonly tools: {open: OpenTree; runStep: RunStep; exclude: readonly string[]},
	) {}

	view(): WatchView {
		return {state: this.#state, directories: this.#tree?.directories ?? 0, actions: this.#actions, lastFile: this.#file, lastAction: this.#lastAction, lastResult: this.#lastResult};
	}

	// Until `signal` aborts (the unit stops, a reload replaces it): watch, settle, act.
	async run(signal: AbortSignal): Promise<void> {
		const {watch, target} = this;
		try {
			this.#tree = this.tools.open({...watch, exclude: this.tools.exclude}, {
				change: file => {
					this.#changed(file);
				},
				failed: failure => {
					this.#failed(failure);
				},
			});
		} catch (error) {
			// The tree reports what it can foresee through `failed`; anything else is told the same way, never thrown.
			const {code = 'error', message} = error as NodeJS.ErrnoException;
			this.#failed({code: code as WatchFailure['code'], directory: watch.paths[0]!, limit: 'none', message});
			return;
		}

		signal.addEventListener('abort', () => this.#close(), {once: true});
		if (this.#state === 'watching') {
			this.unit.events.report({event: 'watching', name: target, directories: this.#tree.directories, paths: watch.paths});
		}

		while (!signal.aborted && this.#state === 'watching') {
			if (this.#changes === 0) {
				await this.#nextChange(signal);
				continue;
			}

			await this.#settle(signal);
			await untilRunning(this.unit, signal); // Changes while the unit starts act once main is up.
			if (signal.aborted || this.#state !== 'watching' || this.unit.state !== 'running') {
				return;
			}

			await this.#act(signal);
		}
	}

	#changed(file: string): void {
		if (this.tools.exclude.some(log => file === log || file.startsWith(`${log}.`))) {
			return; // A log file or one of its rotations (`app.log.1`), whatever the tree reports.
		}

		const now = this.unit.clock.now();
		if (this.#changes === 0) {
			this.#first = now;
		}

		this.#changes++;
		this.#last = now;
		this.#file = file;
		this.#wake?.();
	}

	async #nextChange(signal: AbortSignal): Promise<void> {
		let onAbort = () => {};
		await new Promise<void>(resolve => {
			this.#wake = resolve;
			onAbort = resolve;
			signal.addEventListener('abort', onAbort, {once: true});
		});
		signal.removeEventListener('abort', onAbort); // One listener per wait would pile up on the unit's signal.
		this.#wake = null;
	}

	// Trailing debounce: act once no change came for `debounce`, or MAX_SETTLE periods after the first.
	async #settle(signal: AbortSignal): Promise<void> {
		const {clock} = this.unit;
		const {debounce} = this.watch;
		while (!signal.aborted) {
			const at = Math.min(this.#last + debounce, this.#first + (MAX_SETTLE * debounce));
			if (clock.now() >= at) {
				return;
			}

			await clock.sleep(at - clock.now(), signal);
		}
	}

	async #act(signal: AbortSignal): Promise<void> {
		const {target} = this;
		const file = this.#file!;
		const changes = this.#changes;
		this.#loopRun = this.#actionEnded !== null && this.#first - this.#actionEnded < LOOP_GAP ? this.#loopRun + 1 : 1;
		this.#changes = 0;
		if (this.#loopRun >= LOOP_ACTIONS) {
			this.#suspend(file);
			return;
		}

		this.unit.events.report({event: 'watch-fired', name: target, file, changes});
		this.#lastAction = this.unit.clock.now();
		const {action} = this.watch;
		if (action.type === 'exec') {
			const stepOk = await this.#step(action, signal);
			if (stepOk) {
				await this.#do(action.then);
			}
		} else {
			await this.#do(action);
		}

		this.#actionEnded = this.unit.clock.now();
	}

	// The build or validation step; on failure the running process is left as it is (docs/watch.md).
	async #step(action: Extract<ResolvedWatchAction, {type: 'exec'}>, signal: AbortSignal): Promise<boolean> {
		const [file, ...args] = action.command;
		const {cwd, fileEnv, env} = this.spec;
		const result = await this.tools.runStep(file!, args, {cwd, env: {...fileEnv, ...env}, stderr: 'pipe', timeout: action.timeout, signal});
		if (result.ok || signal.aborted) {
			return result.ok;
		}

		const stderr = result.stderr.split('\n').filter(line => line !== '').slice(-STDERR_TAIL);
		this.#lastResult = 'step failed';
		this.unit.events.report({event: 'watch-acted', name: this.target, result: 'step failed', reason: result.reason, stderr});
		return false;
	}

	async #do(action: Exclude<ResolvedWatchAction, {type: 'exec'}>): Promise<void> {
		const {target, unit} = this;
		try {
			if (action.type === 'restart') {
				// A process with sockets hands over to its next spawn once that is ready (docs/sockets.md, Restarts).
				await unit.dispatch({type: 'restart', name: target, overlap: this.spec.sockets.length > 0});
				this.#actions++;
				this.#lastResult = 'restarted';
				unit.events.report({event: 'watch-acted', name: target, result: 'restarted'});
				await this.#cascade();
			} else {
				await (action.to === 'group'
					? unit.dispatch({type: 'signal', name: target, signal: action.signal})
					: unit.dispatch({type: 'forward', signal: action.signal, targets: membersOf(this.unit.config, this.target)}));
				this.#actions++;
				this.#lastResult = 'signalled';
				unit.events.report({event: 'watch-acted', name: target, result: 'signalled', signal: action.signal});
			}
		} catch (error) {
			this.#lastResult = 'refused'; // Held by `sidecar stop`, fatal, or the unit stopping: nothing to act on.
			unit.events.report({event: 'watch-acted', name: target, result: 'refused', reason: (error as Error).message.split('\n')[0]});
		}
	}

	// `cascade`: each process that depends on the target restarts, in order, once the target is ready again.
	async #cascade(): Promise<void> {
		for (const dependent of this.watch.cascade ? dependentsOf(this.unit.config, this.target) : []) {
			// eslint-disable-next-line no-await-in-loop -- one after the other, as start-up orders them.
			await this.unit.dispatch({type: 'restart', name: dependent}).catch(() => {}); // A held or fatal one stays so.
		}
	}

	#failed(failure: WatchFailure): void {
		this.#state = 'failed';
		this.#close();
		const {code, directory, limit, message} = failure;
		this.unit.events.report({event: 'watch-failed', name: this.target, code, directory, limit, reason: message});
		this.#wake?.();
	}

	#suspend(file: string): void {
		this.#state = 'suspended';
		this.#close();
		const reason = `${LOOP_ACTIONS} changes in a row came within ${LOOP_GAP / 1000}s of the last action: does the process write what it watches? (\`sidecar reload\` watches again)`;
		this.unit.events.report({event: 'watch-suspended', name: this.target, file, reason});
	}

	#close(): void {
		this.#tree?.close();
	}
}
