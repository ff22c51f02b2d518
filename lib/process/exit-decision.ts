import type {ResolvedProcess} from '../config/types.js';
import type {EventOf} from '../events/unit-events.js';
import {decideRestart, isSuccessfulExit, type StoppedFor} from './restart-policy.js';
import {describeExit, type ExitInfo} from './spawn.js';

// Why one spawn ended (spawn-run.ts): it exited by itself, a requested stop ended it, or the supervisor stopped it for
// a failure, which is then its cause (a failed liveness probe or postStart hook, a memory limit, a task's timeout).
export type RunEnd = 'exited' | 'stopped' | StoppedFor;

// What one spawn's run resolves with.
export type SpawnOutcome = {
	exit: ExitInfo;
	pid: number | null;
	why: RunEnd;
	// What the supervisor said when it stopped the spawn for a failure (`timed out after 500ms`).
	reason?: string;
	ranFor: number;
	// Its last stderr lines (stderr-tail.ts).
	stderr: readonly string[];
};

// What the process means to do next: run (restarted by its policy), stay down (a stop for a failure, the unit shutting
// down), or stay held down at an operator's request until started again (`sidecar stop NAME`, state `stopped`).
export type Intent = 'run' | 'stay-down' | 'held';

export type ExitContext = {intent: Intent; unitStopped: boolean; restartTimes: readonly number[]; now: number};

// The state event that applies the exit (states.ts), the events to publish, and the reason a restart gives
// (`restarting`) or why the process is down ('' when none); `stderr` is the tail the exit is reported with.
export type ExitDecision = {
	event: 'completed' | 'exited' | 'crashed' | 'gaveUp' | 'halted';
	exited: EventOf<'exited'>;
	fatal?: EventOf<'fatal'>;
	reason: string;
	stderr: readonly string[];
};

// What of a process's spec decides its exits.
export type ExitPolicy = Pick<ResolvedProcess, 'name' | 'run' | 'restart' | 'maxRestarts' | 'successCodes' | 'neverRestartOn' | 'critical' | 'stopSignal'>;

// What follows an exit (docs/restarts.md): a task that succeeded completes, whatever the intent; a process held at a
// request is stopped (a stop for a failure may already be under way: the request wins); one meant to stay down stays
// exited; otherwise the restart policy decides between a restart, staying exited and fatal. Dying of
// the stop signal the supervisor sent is how a stop ends, not a failure, and carries no crash context; a stop for a
// cause is a failure whatever the exit code.
export function decideExit(outcome: SpawnOutcome, spec: ExitPolicy, context: ExitContext): ExitDecision {
	const {exit, why} = outcome;
	const cause = why === 'exited' || why === 'stopped' ? undefined : why;
	const stopped = why === 'stopped' && exit.signal === spec.stopSignal;
	const succeeded = cause === undefined && isSuccessfulExit(spec, exit);
	const stderr = succeeded || stopped ? [] : outcome.stderr;
	const exited = {
		event: 'exited', name: spec.name, pid: outcome.pid ?? undefined, code: exit.code, signal: exit.signal, error: exit.error,
		stopped: stopped || undefined, cause, stderr: stderr.length > 0 ? [...stderr] : undefined,
	} as const;
	const decided = (event: ExitDecision['event'], reason = outcome.reason ?? '') => ({event, exited, reason, stderr});
	if (spec.run === 'once' && succeeded && why === 'exited') {
		return decided('completed', ''); // A task that finished while the unit stops still completed.
	}

	if (context.intent === 'held' && !context.unitStopped) {
		return decided('halted', '');
	}

	if (context.intent === 'stay-down' || context.unitStopped) {
		return decided('exited');
	}

	const decision = decideRestart(spec, exit, context.restartTimes, context.now, cause ?? null);
	if (decision.action === 'fatal') {
		const {reason, restarts, windowMs} = decision;
		return {...decided('gaveUp', reason), fatal: {event: 'fatal', name: spec.name, reason, code: exit.code, signal: exit.signal, restarts, windowMs, stderr: exited.stderr}};
	}

	return decision.action === 'restart' ? decided('crashed', outcome.reason ?? `exited (${describeExit(exit)})`) : decided('exited');
}
