import {childScope} from '../abort-scope.js';
import type {ResolvedDrain} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import type {UnitEvents} from '../events/unit-events.js';
import {describeProbe} from '../readiness/describe.js';
import {createProbe} from '../readiness/create-probe.js';
import {waitReady} from '../readiness/wait-ready.js';
import type {World} from '../process/world.js';

// What a drain reads of a sidecar: its spec and pid, and when its running child exits.
export type Drainable = {
	readonly name: string;
	readonly pid: number | null;
	readonly spec: {drain: ResolvedDrain | null; cwd: string};
	untilExit: () => Promise<unknown>;
};

// At shutdown, after main has exited and before the sidecar's stopSignal (docs/lifecycle.md, Drain): waits for its drain
// probe to pass or for its delay, never longer than its timeout, and not at all once the sidecar has exited. The
// probe is polled at its interval with a real pause between attempts, so a probe that never passes costs little.
// Delays, timeouts and the time it took are on the unit's clock.
export async function drainSidecar(member: Drainable, events: UnitEvents, {now, sleep}: Pick<World, 'now' | 'sleep'>): Promise<void> {
	const {drain} = member.spec;
	if (drain === null || member.pid === null) {
		return;
	}

	const {pid} = member;
	const started = now();
	const scope = new AbortController();
	const outcome: {result: 'passed' | 'waited' | 'timed out' | 'exited'; reason?: string} = {result: 'exited'};
	void member.untilExit().then(() => scope.abort());
	try {
		if ('delay' in drain) {
			events.publish({event: 'draining', name: member.name, pid, how: `delay ${formatDuration(drain.delay)}`});
			const slept = await sleep(drain.delay, scope.signal);
			outcome.result = slept ? 'waited' : 'exited';
		} else {
			events.publish({event: 'draining', name: member.name, pid, how: describeProbe(drain.probe), timeoutMs: drain.timeout});
			const timer = childScope(scope.signal);
			const expired = sleep(drain.timeout, timer.signal).then(slept => {
				if (slept) {
					outcome.result = 'timed out';
					scope.abort();
				}
			});
			const passed = await waitReady(createProbe(drain.probe, member.spec.cwd), drain.interval, scope.signal, why => {
				outcome.reason = why;
			}, undefined, sleep);
			timer.abort();
			await expired;
			outcome.result = passed ? 'passed' : outcome.result;
		}
	} finally {
		scope.abort();
	}

	const {result, reason} = outcome;
	events.publish({event: 'drained', name: member.name, pid, result, ms: now() - started, reason: result === 'timed out' ? reason : undefined});
}
