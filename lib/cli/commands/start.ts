import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar start NAME`: a sidecar that is down (stopped by `sidecar stop NAME`, not started, exited or fatal) starts
// again; returns once it is ready, as `restart` does (docs/control.md).
export async function start(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('start', args);
	const name = positionals[0]!; // Exactly one: checked by parseCommand.
	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'start-process', name});
	await printOut(`started ${name} (pid ${reply.pid ?? '-'})`);
	return EXIT.ok;
}
