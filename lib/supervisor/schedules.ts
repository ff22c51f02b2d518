import {EXIT, SidecarError} from '../errors.js';
import type {UnitHandle} from './add-on.js';
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

// The unit's schedules (docs/schedules.md): one trigger per process with a `schedule`, attached with the unit's other
// config triggers (config-triggers.ts) and ended by its signal; the handlers reach them by name.
export class Schedules implements ScheduleControls {
	readonly #triggers = new Map<string, ScheduleTrigger>();

	constructor(private readonly storeChoice?: ScheduleStoreChoice, private readonly random: () => number = Math.random) {}

	// Starts a trigger for each scheduled process of the unit's config.
	attach(unit: TriggerUnit & Pick<UnitHandle, 'config'>, signal: AbortSignal): void {
		const specs = [unit.config.main, ...unit.config.sidecars].filter(spec => spec.schedule !== null);
		if (specs.length === 0) {
			return;
		}

		const store = specs.some(spec => spec.schedule!.catchUp !== null) ? this.#store(unit.name) : null;
		for (const spec of specs) {
			const trigger = new ScheduleTrigger(spec, spec.schedule!, unit, store, this.random);
			this.#triggers.set(spec.name, trigger);
			void trigger.run(signal);
		}
	}

	view(name: string): ScheduleView | null {
		return this.#triggers.get(name)?.view() ?? null;
	}

	runNow(name: string): FireOutcome {
		return this.#trigger(name, 'run').fire('run-now');
	}

	pause(name: string, paused: boolean): boolean {
		return this.#trigger(name, paused ? 'pause' : 'resume').pause(paused);
	}

	#trigger(name: string, verb: string): ScheduleTrigger {
		const trigger = this.#triggers.get(name);
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
