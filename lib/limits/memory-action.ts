import type {ResolvedLimits} from '../config/types.js';

// Under polling, a tree over its memory limit gets the configured action; null while it is within.
export const memoryAction = (limits: Pick<ResolvedLimits, 'memory' | 'action'>, usage: {memory: number}): ResolvedLimits['action'] | null =>
	limits.memory !== null && usage.memory > limits.memory ? limits.action : null;
