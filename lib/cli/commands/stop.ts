import {EXIT, SidecarError} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {findUnit, streamUnit} from '../unit-socket.js';

// `sidecar stop`: graceful shutdown of the whole unit; returns once the supervisor has stopped everything.
// The supervisor itself exits with main's code; this command exits 0 and reports that code.
export async function stop(args: string[]): Promise<number> {
	const {values} = parseCommand('stop', args);
	const unit = await findUnit(values, process.cwd());
	for await (const reply of streamUnit(unit, {type: 'stop'})) {
		if (reply.type === 'stopped') {
			await printOut(`stopped unit ${unit.name} (exit code ${reply.exitCode})`);
			return EXIT.ok;
		}
	}

	throw new SidecarError(`unable to confirm that unit "${unit.name}" stopped: the supervisor closed the connection`, EXIT.failure);
}
