import {setTimeout as delay} from 'node:timers/promises';
import type {Sleep} from './suspend-clock.js';

// The parts of the unit's world that no layer owns (docs/architecture.md, One world): its clock, how it sends a
// signal, where it hears signals and which /proc it reads. Every layer may take a view of them; the whole `World`
// (with spawn, which process/ owns) is lib/process/world.ts.
export type HostWorld = {
	// Milliseconds; the unit's clock in production, which does not count time suspended (suspend-clock.ts).
	now: () => number;
	// Resolves true after `ms`, false as soon as `signal` aborts.
	sleep: Sleep;
	// A signal to one pid (a negative pid: the group); a gone target is no error: `false` says it was not delivered.
	kill: (pid: number, signal: NodeJS.Signals) => boolean | void;
	// Where the supervisor's own signals (and its `exit`) are heard: `process` in production.
	signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
	// The /proc the supervisor reads (proc/proc-table.ts, `procRoot()`); null where it reads none.
	procTable: string | null;
};

// A plain timer behind the `Sleep` contract (a 0 ms sleep still waits for the next timers phase).
export const realSleep: Sleep = async (ms, signal) => delay(ms, true, {signal}).catch(() => false);

// The wall clock, for a timed path outside a unit (a test calling a helper alone, the host's own jobs).
export const realClock: Pick<HostWorld, 'now' | 'sleep'> = {now: Date.now, sleep: realSleep};

