import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar pause NAME` and `sidecar resume NAME`: a process's scheduled firings are skipped, or fire again (docs/schedules.md).
export const pause = async (args: string[]): Promise<number> => setPaused('pause', args);

export const resume = async (args: string[]): Promise<number> => setPaused('resume', args);

async function setPaused(type: 'pause' | 'resume', args: string[]): Promise<number> {
	const {values, positionals} = parseCommand(type, args);
	const name = positionals[0]!; // Exactly one: checked by parseCommand.
	const {changed} = await callUnit(await findUnit(values, process.cwd()), {type, name});
	const done = type === 'pause' ? 'paused' : 'resumed';
	await printOut(changed ? `${done} ${name}` : `${name} was ${type === 'pause' ? 'paused' : 'running'} already`);
	return EXIT.ok;
}
