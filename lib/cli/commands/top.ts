import {setTimeout as sleep} from 'node:timers/promises'; // The command's own refresh, not unit logic.
import {EXIT} from '../../errors.js';
import type {UnitStatus} from '../../control/protocol.js';
import {parseCommand} from '../args.js';
import {renderTopLines, renderTopScreen, UsageHistory} from '../top-view.js';
import {callUnit, findUnit, type UnitAddress} from '../unit-socket.js';

// Alternate screen and hidden cursor while the view runs, as top and htop do; both undone on the way out.
const ENTER = '\u001B[?1049h\u001B[?25l';
const LEAVE = '\u001B[?25h\u001B[?1049l';
const HOME = '\u001B[H\u001B[2J';

// `sidecar top [--interval MS] [--count N]`: a live view refreshing every interval; q or Ctrl-C quits.
// When stdout is not a terminal it prints plain lines per refresh instead (--count N stops after N refreshes).
export async function top(args: string[]): Promise<number> {
	const {values} = parseCommand('top', args);
	const interval = Number(values.interval ?? 1000);
	const count = values.count === undefined ? Infinity : Number(values.count);

	const unit = await findUnit(values, process.cwd());
	const first = await status(unit); // No supervisor: the one-line error, before the screen changes.
	const quit = new AbortController();
	const tty = process.stdout.isTTY === true;
	const restore = tty ? takeTerminal(quit) : () => {};
	process.once('SIGINT', () => quit.abort());
	const history = new UsageHistory();
	try {
		let snapshot: UnitStatus | null = first;
		for (let refresh = 0; refresh < count && snapshot !== null && !quit.signal.aborted; refresh++) {
			history.record(snapshot);
			process.stdout.write(tty ? `${HOME}${renderTopScreen(snapshot, history, new Date(), width())}` : renderTopLines(snapshot, new Date()));
			if (refresh + 1 < count) {
				await sleep(interval, undefined, {signal: quit.signal}).catch(() => {});
				snapshot = quit.signal.aborted ? null : await status(unit).catch(() => null);
			}
		}

		restore();
		if (snapshot === null && !quit.signal.aborted) {
			process.stdout.write(`unit ${unit.name} is no longer running\n`);
		}
	} finally {
		restore();
	}

	return EXIT.ok;
}

// A pseudo-terminal nobody sized (`script` without a terminal) reports 0 columns: draw for 80 then.
const width = (): number => process.stdout.columns || 80;

const status = async (unit: UnitAddress): Promise<UnitStatus> =>
	(await callUnit(unit, {type: 'status'})).status;

// Raw keys (q, Ctrl-C) and the alternate screen; returns what puts the terminal back, safe to call twice.
function takeTerminal(quit: AbortController): () => void {
	const {stdin} = process;
	const onKey = (key: Buffer) => {
		if (key.includes(0x71) || key.includes(0x03)) {
			quit.abort();
		}
	};

	process.stdout.write(ENTER);
	if (stdin.isTTY) {
		stdin.setRawMode(true);
		stdin.on('data', onKey);
		stdin.resume();
	}

	let restored = false;
	return () => {
		if (!restored) {
			restored = true;
			stdin.off('data', onKey);
			if (stdin.isTTY) {
				stdin.setRawMode(false);
			}

			stdin.pause();
			process.stdout.write(LEAVE);
		}
	};
}
