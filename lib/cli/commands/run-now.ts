import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar run-now NAME`: fires the process's schedule now (docs/schedules.md); returns once the run has started.
// A firing skipped under overlap 'skip' exits 69 with the reason, as a refused request does.
export async function runNow(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('run-now', args);
	const name = positionals[0]!; // Exactly one: checked by parseCommand.
	const {outcome, reason} = await callUnit(await findUnit(values, process.cwd()), {type: 'run-now', name});
	await printOut(outcome === 'skipped' ? `skipped ${name}: ${reason ?? ''}` : `${outcome} ${name}`);
	return outcome === 'skipped' ? EXIT.unavailable : EXIT.ok;
}
