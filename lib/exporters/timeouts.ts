import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';

// Room for the supervisor's own work around the children's timeouts (signalling, reaping, exiting).
export const marginMs = 5000;

// Shutdown stops main, then each sidecar in turn, each allowed its drain and its full stopTimeout (preStop included):
// the worst case is the sum.
export const stopBudgetSeconds = ({main, sidecars}: ResolvedConfig): number =>
	Math.ceil((sidecars.reduce((sum, sidecar) => sum + drainMs(sidecar) + sidecar.stopTimeout, main.stopTimeout) + marginMs) / 1000);

const drainMs = ({drain}: ResolvedProcess): number => (drain === null ? 0 : 'delay' in drain ? drain.delay : drain.timeout);

// Start-up may wait each 'before' sidecar's readiness timeout in turn, then main's (1 s alive without a probe).
export const startBudgetSeconds = ({main, sidecars}: ResolvedConfig): number =>
	Math.ceil(
		[main, ...sidecars.filter(sidecar => sidecar.start === 'before')]
			.reduce((sum, spec) => sum + (spec.readiness?.timeout ?? 1000), marginMs) / 1000,
	);
