import type {ResolvedConfig} from '../config/types.js';

// Room for the supervisor's own work around the children's timeouts (signalling, reaping, exiting).
export const marginMs = 5000;

// Shutdown stops main, then each sidecar in turn, each allowed its full stopTimeout: the worst case is the sum.
export const stopBudgetSeconds = ({main, sidecars}: ResolvedConfig): number =>
	Math.ceil((sidecars.reduce((sum, sidecar) => sum + sidecar.stopTimeout, main.stopTimeout) + marginMs) / 1000);

// Start-up may wait each 'before' sidecar's readiness timeout in turn, then main's (1 s alive without a probe).
export const startBudgetSeconds = ({main, sidecars}: ResolvedConfig): number =>
	Math.ceil(
		[main, ...sidecars.filter(sidecar => sidecar.start === 'before')]
			.reduce((sum, spec) => sum + (spec.readiness?.timeout ?? 1000), marginMs) / 1000,
	);
