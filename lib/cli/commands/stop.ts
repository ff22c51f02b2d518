import {EXIT, SidecarError} from '../../errors.js';
import {describeExit} from '../../process/spawn.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit, streamUnit, type UnitAddress} from '../unit-socket.js';

// `sidecar stop`: graceful shutdown of the whole unit; returns once the supervisor has stopped everything.
// The supervisor itself exits with main's code; this command exits 0 and reports that code.
// `sidecar stop NAME`: that sidecar only, held stopped until `sidecar start NAME` (docs/control.md).
export async function stop(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('stop', args);
	const unit = await findUnit(values, process.cwd());
	return positionals[0] === undefined ? stopUnit(unit) : stopProcess(unit, positionals[0]);
}

async function stopUnit(unit: UnitAddress): Promise<number> {
	for await (const reply of streamUnit(unit, {type: 'stop'})) {
		if (reply.type === 'stopped') {
			await printOut(`stopped unit ${unit.name} (exit code ${reply.exitCode})`);
			return EXIT.ok;
		}
	}

	throw new SidecarError(`unable to confirm that unit "${unit.name}" stopped: the supervisor closed the connection`, EXIT.failure);
}

async function stopProcess(unit: UnitAddress, name: string): Promise<number> {
	const {pid, exit} = await callUnit(unit, {type: 'stop-process', name});
	const what = pid === null ? `${name} was not running` : `stopped ${name} (pid ${pid}, ${describeExit(exit)})`;
	await printOut(`${what}; it stays stopped until \`sidecar start ${name}\``);
	return EXIT.ok;
}
