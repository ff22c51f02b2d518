import {EXIT, UsageError} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar restart NAME` restarts one sidecar and waits until it is ready; main only with `--main`; a replicated
// sidecar's instances one at a time (`--parallel`: together); `--overlap` starts the new one before the old stops.
export async function restart(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('restart', args);
	const name = values.main ? 'main' : positionals[0];
	if (name === undefined || positionals.length > (values.main ? 0 : 1) || (name === 'main' && !values.main)) {
		throw new UsageError('restart: expected one sidecar name, or --main to restart main (see `sidecar help restart`)');
	}

	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'restart', name, ...(values.parallel ? {parallel: true} : {}), ...(values.overlap ? {overlap: true} : {})});
	// A replicated sidecar: each instance with its new pid.
	const pids = reply.instances?.map(instance => `${instance.name} ${instance.pid ?? '-'}`).join(', ');
	await printOut(pids === undefined ? `restarted ${name} (pid ${reply.pid ?? '-'})` : `restarted ${name} (${pids || 'no instance running'})`);
	return EXIT.ok;
}
