import {ALIVE_COUNTS_AS_READY} from '../config/defaults.js';
import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {splitLines} from '../logs/lines.js';
import {createProbe, type LineSource} from '../probes/probe.js';
import {waitReady} from '../probes/wait-ready.js';
import type {ProcessEvent} from './states.js';

export type Readiness = {event: ProcessEvent; details: {probe?: string; after?: string}};

// When one spawn counts as ready: its probe passed, or (no probe) it stayed alive 1 s; null when `signal` ended it first.
// Why each failed attempt failed goes to `onProbeFailure`.
export async function untilSpawnReady(
	spec: ResolvedProcess,
	events: UnitEvents,
	sleep: (ms: number, signal: AbortSignal) => Promise<boolean>,
	signal: AbortSignal,
	onProbeFailure?: (reason: string) => void,
): Promise<Readiness | null> {
	const {readiness} = spec;
	if (readiness === null) {
		const alive = await sleep(ALIVE_COUNTS_AS_READY, signal);
		return alive ? {event: 'aliveLongEnough', details: {after: `alive ${ALIVE_COUNTS_AS_READY}ms`}} : null;
	}

	const probe = createProbe(readiness.probe, stdoutLines(spec.name, events), spec.cwd);
	const passed = await waitReady(probe, readiness.interval, signal, onProbeFailure);
	probe.dispose?.();
	return passed ? {event: 'probePassed', details: {probe: readiness.probe.kind}} : null;
}

// A log probe reads this process's stdout lines from now on.
const stdoutLines = (name: string, events: UnitEvents): LineSource => listener => events.subscribe(event => {
	if (event.event === 'line' && event.name === name && event.stream === 'stdout') {
		for (const line of splitLines(event.block)) {
			listener(line.toString('utf8'));
		}
	}
});
