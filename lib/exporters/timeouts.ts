import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';

// Room for the supervisor's own work around the children's timeouts (signalling, reaping, exiting).
export const marginMs = 5000;

// Shutdown stops main, runs the shutdown tasks (each within its timeout), then stops each sidecar in turn, each
// allowed its drain and its full stopTimeout (preStop included): the worst case is the sum. A gate has nothing to stop.
export const stopBudgetSeconds = ({main, sidecars}: ResolvedConfig): number =>
	Math.ceil((sidecars.filter(spec => spec.run !== 'gate').reduce((sum, spec) => sum + drainMs(spec) + spec.stopTimeout + shutdownTime(spec), main.stopTimeout) + marginMs) / 1000);

const drainMs = ({drain}: ResolvedProcess): number => (drain === null ? 0 : 'delay' in drain ? drain.delay : drain.timeout);

const shutdownTime = (spec: ResolvedProcess): number => (spec.start === 'shutdown' ? spec.timeout ?? 0 : 0);

// Start-up may wait each 'before' sidecar's readiness timeout (a gate's too) in turn, each 'before' task's timeout,
// a replicated sidecar's stagger between its instances, then main's (1 s alive without a probe). Null when a 'before'
// task has no timeout: start-up has no bound.
export function startBudgetSeconds({main, sidecars, groups}: ResolvedConfig): number | null {
	const before = sidecars.filter(spec => spec.start === 'before');
	if (before.some(spec => spec.run === 'once' && spec.timeout === null)) {
		return null;
	}

	// A task may run its timeout once per start its restart budget allows.
	const budget = (spec: ResolvedProcess) => (spec.run === 'once' ? spec.timeout! * (spec.restart === 'never' ? 1 : spec.maxRestarts.count + 1) : spec.readiness?.timeout ?? 1000);
	const stagger = groups.filter(group => before.some(spec => spec.replica?.group === group.name))
		.reduce((sum, group) => sum + (group.stagger * (group.count - 1)), 0);
	return Math.ceil([main, ...before].reduce((sum, spec) => sum + budget(spec), marginMs + stagger) / 1000);
}
