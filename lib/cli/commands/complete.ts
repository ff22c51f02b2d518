import {EXIT} from '../../errors.js';
import {completeWords} from '../complete-words.js';
import {printOut} from '../print.js';
import {findUnit, streamUnit} from '../unit-socket.js';

// A shell waits on this while the user presses Tab: a unit that does not answer soon gets no names.
const LOOKUP_TIMEOUT = 2000;

// `sidecar __complete -- WORD...`, called by the completion scripts: one candidate per line for the last word.
// Never fails: a completion that cannot be computed is just an empty one.
export async function complete(args: string[]): Promise<number> {
	const words = args[0] === '--' ? args.slice(1) : args;
	const candidates = await completeWords(words, async kind => runningNames(words, kind)).catch(() => []);
	if (candidates.length > 0) {
		await printOut(candidates.join('\n'));
	}

	return EXIT.ok;
}

// The process names of the unit the command line addresses (its --name or --socket, else the usual lookup).
async function runningNames(words: readonly string[], kind: 'processes' | 'sidecars' | 'groups'): Promise<string[]> {
	const valueOf = (option: string) => {
		const index = words.indexOf(option);
		return index === -1 ? undefined : words[index + 1];
	};

	const unit = await findUnit({name: valueOf('--name'), socket: valueOf('--socket')}, process.cwd());
	for await (const reply of streamUnit(unit, {type: 'status'}, AbortSignal.timeout(LOOKUP_TIMEOUT))) {
		const {processes, groups} = reply.status;
		if (kind === 'groups') {
			return groups.map(group => group.name);
		}

		// A replicated sidecar's name acts on its instances (docs/control.md, Replicas).
		return [...groups.map(group => group.name), ...processes.filter(entry => kind === 'processes' || entry.kind === 'sidecar').map(entry => entry.name)];
	}

	return [];
}
