import {setTimeout as sleep} from 'node:timers/promises';
import {ALIVE_COUNTS_AS_READY} from '../config/defaults.js';
import type {ResolvedProcess} from '../config/types.js';
import {splitLines} from '../logs/lines.js';
import type {Logger} from '../logs/logger.js';
import {createProbe} from '../probes/probe.js';
import {waitReady} from '../probes/wait-ready.js';
import type {ProcessEvent} from './states.js';

export type Readiness = {event: ProcessEvent; details: Record<string, unknown>};

// When one spawn counts as ready: its probe passed, or (no probe) it stayed alive 1 s; null when `signal` ended it first.
// Why each failed attempt failed goes to `onProbeFailure`.
export async function untilSpawnReady(spec: ResolvedProcess, logger: Logger, signal: AbortSignal, onProbeFailure?: (reason: string) => void): Promise<Readiness | null> {
	const {readiness} = spec;
	if (readiness === null) {
		const alive = await sleep(ALIVE_COUNTS_AS_READY, true, {signal}).catch(() => false);
		return alive ? {event: 'aliveLongEnough', details: {after: `alive ${ALIVE_COUNTS_AS_READY}ms`}} : null;
	}

	// A log probe reads this process's stdout lines from now on.
	const probe = createProbe(readiness.probe, listener => logger.tap((name, stream, block) => {
		if (name === spec.name && stream === 'stdout') {
			for (const line of splitLines(block)) {
				listener(line.toString('utf8'));
			}
		}
	}), spec.cwd);
	const passed = await waitReady(probe, readiness.interval, signal, onProbeFailure);
	probe.dispose?.();
	return passed ? {event: 'probePassed', details: {probe: readiness.probe.kind}} : null;
}
