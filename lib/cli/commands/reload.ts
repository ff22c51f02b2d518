import {describeDiff} from '../../config/diff.js';
import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar reload`: the supervisor re-reads its config and applies the difference; prints the plan it applied.
// An invalid config comes back with check's messages and exit 78, and the unit is left as it was.
export async function reload(args: string[]): Promise<number> {
	const {values} = parseCommand('reload', args);
	const unit = await findUnit(values, process.cwd());
	const {plan} = await callUnit(unit, {type: 'reload'});
	await printOut([`reloaded unit ${unit.name}`, ...describeDiff(plan).map(line => `  ${line}`)].join('\n'));
	return EXIT.ok;
}
