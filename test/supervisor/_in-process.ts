import {selectProfiles} from '../../lib/config/profiles.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import type {ResolvedConfig, SidecarConfig} from '../../lib/config/types.js';
import {UnitEvents} from '../../lib/events/unit-events.js';
import {Supervisor} from '../../lib/supervisor/supervisor.js';
import type {SupervisorOptions} from '../../lib/supervisor/supervisor-options.js';
import {fakeWorld, settle, type FakeChild} from '../helpers/fake-world.js';

// A real executable, so the unit's check for an unstartable command passes; the fake spawn never runs it.
export const command = (name: string): string[] => [process.execPath, name];

export const config = (input: Omit<SidecarConfig, 'name'>): ResolvedConfig =>
	resolveConfig({name: 'in-process', main: {command: command('main')}, ...input} as SidecarConfig, '/tmp');

// A Supervisor on a fake world (test/helpers/fake-world.ts), running: every event but lines and state changes is
// logged as `TIME NAME EVENT` in test-time milliseconds, and each process's child is looked up by name. Resolves once
// the unit has done all it does at time 0. `profiles`: as `sidecar run --profile`. `more`: the clock's start (`now`, ms
// since the epoch; 0 by default), the events (to hear those at time 0), the schedules' store and jitter, and the watches.
export async function inProcessUnit(input: Omit<SidecarConfig, 'name'>, reloadConfig?: () => Promise<ResolvedConfig>, profiles: string[] = [], more: {now?: number; events?: UnitEvents} & Pick<SupervisorOptions, 'scheduleStore' | 'random' | 'watch'> = {}) {
	const fake = fakeWorld();
	fake.clock.now = more.now ?? 0;
	const events = more.events ?? new UnitEvents();
	const log: string[] = [];
	events.subscribe(event => {
		if (event.event !== 'line' && event.event !== 'state' && event.event !== 'unit-state') {
			log.push(`${fake.clock.now} ${event.name} ${event.event}`);
		}
	});
	const supervisor = new Supervisor(selectProfiles(config(input), profiles), {world: fake.world, events, pid: process.pid, socketPath: '/nonexistent.sock', reloadConfig, scheduleStore: more.scheduleStore, random: more.random, watch: more.watch});
	const outcome: {code?: number; error?: unknown; at?: number} = {};
	const finished = supervisor.run().then(code => {
		outcome.code = code;
	}, (error: unknown) => {
		outcome.error = error;
	}).finally(() => {
		outcome.at = fake.clock.now;
	});
	// The latest child of `name` (its command's last word).
	const child = (name: string): FakeChild => {
		const found = fake.children.findLast(candidate => candidate.command.at(-1) === name);
		if (found === undefined) {
			throw new Error(`${name} was never spawned`);
		}

		return found;
	};

	const spawned = (name: string): number => fake.children.filter(candidate => candidate.command.at(-1) === name).length;
	// What was sent to each process, as `TIME NAME SIGNAL` (SIGCONT, which follows every stop signal, left out).
	const signalled = (): string[] => fake.kills.filter(({signal}) => signal !== 'SIGCONT').map(({pid, signal, at}) =>
		`${at} ${fake.children.find(candidate => candidate.pid === Math.abs(pid))!.command.at(-1)!} ${signal}`);
	// A signal to the supervisor, as the OS would deliver it; resolves once the unit has reacted.
	const signal = async (name: NodeJS.Signals): Promise<void> => {
		fake.signals.emit(name);
		await settle();
	};

	// SIGTERM, then the end of the unit (every process gone at once).
	const stop = async (): Promise<void> => {
		await signal('SIGTERM');
		await finished;
	};

	await settle();
	return {...fake, supervisor, events, log, outcome, finished, child, spawned, signalled, signal, stop};
}

// Resolves `promise` into a record of when it settled, in test time, so a test can read it after moving the clock.
export function track(promise: Promise<unknown>, now: () => number) {
	const state: {at?: number; error?: unknown; value?: unknown} = {};
	void promise.then(value => {
		state.value = value;
		state.at = now();
	}, (error: unknown) => {
		state.error = error;
		state.at = now();
	});
	return state;
}
