import type {ResolvedBackoff} from '../config/types.js';

// Up to 10 % shorter, never longer: `max` stays a real ceiling, and sidecars that crash together
// (even those already at the ceiling) do not restart in lock-step.
const JITTER = 0.1;

// Delay before restart `attempt` (0-based): initial × factor^attempt capped at max, minus up to 10 % jitter.
export const backoffDelay = ({initial, factor, max}: ResolvedBackoff, attempt: number, random: () => number = Math.random): number =>
	Math.round(Math.min(initial * (factor ** attempt), max) * (1 - (JITTER * random())));
