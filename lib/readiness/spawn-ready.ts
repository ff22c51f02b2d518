import {ALIVE_COUNTS_AS_READY} from '../config/defaults.js';
import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {keepReady, type ReadinessVerdict} from './keep-ready.js';
import {notifiedLines, stdoutLines} from './log-line.js';
import {createProbe} from './create-probe.js';
import type {ProbeSources} from './probe.js';
import {waitReady} from './wait-ready.js';
import {discardStraddling} from './discard-straddling.js';
import type {Sleep, SuspendNotice} from '../suspend-clock.js';

// The process/states.ts event a ready spawn applies (readiness/ sits above process/: it names them, not imports them).
export type Readiness = {event: 'probePassed' | 'aliveLongEnough'; details: {probe?: string; after?: string}};

// When one spawn counts as ready: its probe passed, or (no probe) it stayed alive 1 s; null when `signal` ended it first.
// Why each failed attempt failed goes to `onProbeFailure`; a check that straddled a suspension (`notice`) is run again.
export async function untilSpawnReady(
	spec: ResolvedProcess,
	events: UnitEvents,
	sleep: Sleep,
	signal: AbortSignal,
	onProbeFailure?: (reason: string) => void,
	notifyFd: ProbeSources['notifyFd'] = null,
	notice?: SuspendNotice,
): Promise<Readiness | null> {
	const {readiness} = spec;
	if (readiness === null) {
		const alive = await sleep(ALIVE_COUNTS_AS_READY, signal);
		return alive ? {event: 'aliveLongEnough', details: {after: `alive ${ALIVE_COUNTS_AS_READY}ms`}} : null;
	}

	const probe = createProbe(readiness.probe, spec.cwd, {lines: stdoutLines(events.lines.of(spec.name)), notifyFd, sdNotify: notifiedLines(spec.name, events)});
	const passed = await waitReady(discardStraddling(probe, notice), readiness, signal, onProbeFailure, readiness.checkTimeout, sleep);
	probe.dispose?.();
	return passed ? {event: 'probePassed', details: {probe: readiness.probe.kind}} : null;
}

// After the first pass, the readiness probe keeps running at its period until `signal` ends the spawn (probes that pass
// once are not repeated) on the unit's `sleep`; each change goes to `report`.
export async function watchReadiness(spec: ResolvedProcess, report: (verdict: ReadinessVerdict) => void, signal: AbortSignal, sleep: Sleep, notice?: SuspendNotice): Promise<void> {
	if (spec.readiness?.period == null) {
		return;
	}

	await keepReady(spec.readiness, discardStraddling(createProbe(spec.readiness.probe, spec.cwd), notice), report, signal, sleep);
}
