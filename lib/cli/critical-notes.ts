import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';

// What `critical: true` does for each critical process under its restart policy, for `sidecar check`: when it stops
// the unit with 70 (docs/restarts.md, Crash loops), so `restart: 'never'` is not mistaken for "critical does nothing".
// A critical replicated sidecar is one note, as a group (cli/replica-lines.ts).
export const criticalNotes = (config: ResolvedConfig): string[] => config.sidecars.filter(spec => spec.critical && spec.replica === null)
	.map(spec => `sidecars.${spec.name} is critical with restart '${spec.restart}': ${criticalMeaning(spec)}`);

function criticalMeaning(spec: ResolvedProcess): string {
	if (spec.start === 'shutdown') {
		return 'no effect, a shutdown task runs while the unit is stopping already';
	}

	const {count, window} = spec.maxRestarts;
	const spent = (exit: string) => `after ${count} restarts within ${formatDuration(window)}, its next ${exit} stops the unit (exit 70)`;
	const stops = spec.restart === 'never' ? 'its first failed exit stops the unit (exit 70)'
		: spec.restart === 'on-failure' ? `a failed exit is restarted; ${spent('failed exit')}`
		: `every exit is restarted; ${spent('exit')}`;
	const never = spec.neverRestartOn.length === 0 || spec.restart === 'never' ? '' : `, and at once on exit code ${spec.neverRestartOn.join(' or ')}`;
	const success = spec.restart === 'always' ? '' : '; a successful exit leaves it exited';
	const before = spec.start === 'before' ? '; during start-up a failure ends start-up instead (exit 69)' : '';
	return `${stops}${never}${success}${before}`;
}
