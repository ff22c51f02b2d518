import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar signal NAME SIGNAL`: the signal goes to the process group of NAME (`HUP`, `sighup` and `SIGHUP` all work).
export async function signal(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('signal', args);
	const [name, signalName] = positionals as [string, string]; // Exactly two: checked by parseCommand.
	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'signal', name, signal: signalName});
	await printOut(`sent ${reply.signal} to ${name} (${reply.pids === undefined ? `process group ${reply.pid}` : `process groups ${reply.pids.join(', ')}`})`);
	return EXIT.ok;
}
