import type {ResolvedLimits} from '../config/types.js';
import type {Enforcement} from './enforcement.js';

// What the supervisor logs (event `limit`) and counts: `oom-kill` (cgroup), `over-limit` (polling), `throttled` (cpu).
export type LimitEvent = {
	name: string;
	resource: 'memory' | 'cpu';
	reason: 'oom-kill' | 'over-limit' | 'throttled';
	// Bytes for memory, cores for cpu; null when the kernel acted and no sample was taken.
	usage: number | null;
	limit: number;
	enforcement: Enforcement;
};

// Under polling, a tree over its memory limit gets the configured action; null while it is within.
export const memoryAction = (limits: Pick<ResolvedLimits, 'memory' | 'action'>, usage: {memory: number}): ResolvedLimits['action'] | null =>
	limits.memory !== null && usage.memory > limits.memory ? limits.action : null;
