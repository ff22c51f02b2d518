import {EXIT, UsageError} from '../../errors.js';
import {MAX_SCALE} from '../../control/protocol.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar scale NAME N`: a replicated sidecar runs N instances (docs/control.md, Replicas); returns once the new ones
// are ready (minReady of them) and the removed ones have stopped.
export async function scale(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('scale', args);
	const [name, given] = positionals as [string, string]; // Exactly two: checked by parseCommand.
	const count = /^\d+$/.test(given) ? Number(given) : Number.NaN;
	if (!(count <= MAX_SCALE)) {
		throw new UsageError(`scale: got ${JSON.stringify(given)} for N, expected a whole number from 0 to ${MAX_SCALE}`);
	}

	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'scale', name, count});
	const changes = [reply.started.length > 0 ? `started ${reply.started.join(', ')}` : '', reply.stopped.length > 0 ? `stopped ${reply.stopped.join(', ')}` : ''].filter(Boolean);
	await printOut(`scaled ${name} from ${reply.from} to ${reply.to}${changes.length > 0 ? ` (${changes.join('; ')})` : ''}`);
	return EXIT.ok;
}
