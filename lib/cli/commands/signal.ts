import {EXIT, UsageError} from '../../errors.js';
import {parseOptions} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit, UNIT_OPTIONS} from '../unit-socket.js';

// `sidecar signal NAME SIGNAL`: the signal goes to the process group of NAME (`HUP`, `sighup` and `SIGHUP` all work).
export async function signal(args: string[]): Promise<number> {
	const {values, positionals} = parseOptions('signal', args, UNIT_OPTIONS, true);
	const [name, signalName] = positionals;
	if (name === undefined || signalName === undefined || positionals.length > 2) {
		throw new UsageError('signal: expected a process name and a signal, e.g. `sidecar signal main SIGHUP` (see `sidecar help`)');
	}

	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'signal', name, signal: signalName});
	printOut(`sent ${reply.signal} to ${name} (process group ${reply.pid})`);
	return EXIT.ok;
}
