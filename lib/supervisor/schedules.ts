import {setMaxListeners} from 'node:events';
import type {ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {childScope} from '../abort-scope.js';
import type {UnitHandle} from './add-on.js';
import type {StartConcurrentRun} from './concurrent-runs.js';
import {fileScheduleStore, scheduleStateFile, type ScheduleStore} from './schedule-store.js';
import {ScheduleTrigger, type FireOutcome, type ScheduleView, type TriggerUnit} from './schedule-trigger.js';

// What the command handlers ask of the schedules: `sidecar run-now`, `pause` and `resume` (unit-commands.ts).
export type ScheduleControls = {
	runNow: (name: string) => FireOutcome;
	// True when it changed (false: it was paused, or running, already).
	pause: (name: string, paused: boolean) => boolean;
};

// Where the catch-up state is kept: a file path, or a store of its own (tests).
export type ScheduleStoreChoice = string | ScheduleStore;

type Attached = {unit: TriggerUnit & Pick<UnitHandle, 'config'>; signal: AbortSignal; store: ScheduleStore | null};

// The unit's schedules (docs/schedules.md): one trigger per process with a `schedule`, attached with the unit's other
// config triggers (config-triggers.ts) and ended by its signal; the handlers reach them by name. A reload (its
// `reloaded` event) stops the trigger of a schedule changed or removed and starts one for each new or changed one; an
// unchanged schedule keeps its trigger: its next firing and its counts.
export class Schedules implements ScheduleControls {
	readonly #triggers = new Map<string, {trigger: ScheduleTrigger; scope: AbortController}>();
	#attached: Attached | null = null;

	constructor(
		private readonly storeChoice?: ScheduleStoreChoice,
		private readonly random: () => number = Math.random,
		// Spawns an extra run through the unit's world (overlap 'allow'; Supervisor gives it).
		private readonly startRun?: StartConcurrentRun,
	) {}

	// Starts a trigger for each scheduled process of the unit's config.
	attach(unit: TriggerUnit & Pick<UnitHandle, 'config'>, signal: AbortSignal): void {
		const specs = scheduled(unit.config);
		const store = specs.some(spec => spec.schedule!.catchUp !== null) ? this.#store(unit.name) : null;
		this.#attached = {unit, signal, store};
		for (const spec of specs) {
			this.#begin(spec, true);
		}

		unit.events.on('reloaded', () => this.#reloaded(), signal);
	}

	view(name: string): ScheduleView | null {
		return this.#triggers.get(name)?.trigger.view() ?? null;
	}

	runNow(name: string): FireOutcome {
		return this.#trigger(name, 'run').fire('run-now');
	}

	pause(name: string, paused: boolean): boolean {
		return this.#trigger(name, paused ? 'pause' : 'resume').pause(paused);
	}

	// Stops every extra run in progress; resolves once all have ended (the unit awaits it before it ends).
	async drain(): Promise<void> {
		await Promise.all([...this.#triggers.values()].map(async ({trigger}) => trigger.stopConcurrent()));
	}

	#begin(spec: ResolvedProcess, atStart: boolean): void {
		const attached = this.#attached!;
		const {unit, signal} = attached;
		attached.store ??= spec.schedule!.catchUp === null ? null : this.#store(unit.name); // A reload added catchUp.
		const scope = childScope(signal);
		setMaxListeners(0, scope.signal); // The unit's own view: one listener per timer, event and run of the schedule.
		const store = attached.store;
		const trigger = new ScheduleTrigger(spec, spec.schedule!, unit, store, this.random, this.startRun);
		this.#triggers.set(spec.name, {trigger, scope});
		void trigger.run(scope.signal, atStart).finally(() => scope.abort());
	}

	#reloaded(): void {
		const specs = new Map(scheduled(this.#attached!.unit.config).map(spec => [spec.name, spec]));
		for (const [name, {trigger, scope}] of this.#triggers) {
			const spec = specs.get(name);
			if (spec !== undefined && JSON.stringify(spec.schedule) === JSON.stringify(trigger.schedule)) {
				trigger.spec = spec;
				specs.delete(name);
			} else {
				scope.abort(); // Its loop ends; its extra runs are stopped (schedule-trigger.ts, run).
				this.#triggers.delete(name);
			}
		}

		for (const spec of specs.values()) {
			this.#begin(spec, false);
		}
	}

	#trigger(name: string, verb: string): ScheduleTrigger {
		const trigger = this.#triggers.get(name)?.trigger;
		if (trigger === undefined) {
			throw new SidecarError(`unable to ${verb} ${name}: its schedule is not running`, EXIT.unavailable);
		}

		return trigger;
	}

	#store(unitName: string): ScheduleStore {
		const choice = this.storeChoice ?? scheduleStateFile(unitName);
		return typeof choice === 'string' ? fileScheduleStore(choice, unitName) : choice;
	}
}

const scheduled = (config: UnitHandle['config']): ResolvedProcess[] => [config.main, ...config.sidecars].filter(spec => spec.schedule !== null);
