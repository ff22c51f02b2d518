import type {ResolvedBackoff} from '../config/types.js';

// ±10 %: sidecars that crash together do not restart in lock-step.
const JITTER = 0.1;

// Delay before restart `attempt` (0-based): initial × factor^attempt, jittered, never above max.
export const backoffDelay = ({initial, factor, max}: ResolvedBackoff, attempt: number, random: () => number = Math.random): number =>
	Math.round(Math.min(initial * (factor ** attempt) * (1 - JITTER + (2 * JITTER * random())), max));
