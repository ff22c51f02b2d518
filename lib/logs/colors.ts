import {WriteStream} from 'node:tty';
import {inspect} from 'node:util';

// 0: no colour; 1, 2, 3: 16, 256 or 16 million colours (only the 16 are used).
export type ColorLevel = 0 | 1 | 2 | 3;

type Style = 'red' | 'dim' | 'bold' | Color;

// Colours for names, in the order names are first seen, so neighbours differ.
const palette = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright', 'blueBright'] as const;
type Color = typeof palette[number];

// What a terminal like this environment offers: Node's own reading (TERM, COLORTERM, CI, FORCE_COLOR), on a terminal
// or when FORCE_COLOR asks; 0 for a pipe or a file. NO_COLOR is read by colorLevel(): Node's reading of it counts an
// empty one and warns on the terminal when FORCE_COLOR is set as well.
export function detectColorLevel(env: NodeJS.ProcessEnv, isTerminal: boolean): ColorLevel {
	if (env.FORCE_COLOR === undefined && !isTerminal) {
		return 0;
	}

	const {NO_COLOR, ...withoutNoColor} = env;
	const depth = WriteStream.prototype.getColorDepth(env.FORCE_COLOR === undefined ? withoutNoColor : {FORCE_COLOR: env.FORCE_COLOR});
	return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

// The detected level with no-color.org on top: a non-empty NO_COLOR turns colour off unless a non-empty FORCE_COLOR
// says otherwise.
export function colorLevel(env: NodeJS.ProcessEnv, detected: ColorLevel): ColorLevel {
	const forced = (env.FORCE_COLOR ?? '') !== '';
	return !forced && (env.NO_COLOR ?? '') !== '' ? 0 : detected;
}

// The escape codes come from Node's own table (util.inspect.colors), not from chalk: importing chalk cost ~10 ms of
// every start, for the sixteen colours and two styles used here (docs/benchmarks.md, start-up).
// Each stream by its own terminal: `sidecar stauts 2>err.txt` on a terminal writes no escape codes into err.txt.
const levelOf = (stream: {isTTY?: boolean}): ColorLevel => colorLevel(process.env, detectColorLevel(process.env, stream.isTTY === true));
const outLevel = levelOf(process.stdout);
const paint = (style: Style, level: ColorLevel = outLevel): ((text: string) => string) => {
	const [open, close] = inspect.colors[style]!;
	return level === 0 ? text => text : text => `\u001B[${open}m${text}\u001B[${close}m`;
};

// The styles of what goes to stdout: the unit's lines and events, command output.
export const colors = {red: paint('red'), dim: paint('dim'), bold: paint('bold')};

// The styles of what goes to stderr (the error line, lib/cli/print.ts), by stderr's own colour level.
export const errorColors = {red: paint('red', levelOf(process.stderr))};

const byColor = new Map(palette.map(color => [color, paint(color)]));

// A stable colour per name: the same name always gets the same colour in one unit and across runs.
export function colorFor(name: string): (text: string) => string {
	let hash = 0;
	for (const char of name) {
		hash = ((hash * 31) + char.codePointAt(0)!) >>> 0;
	}

	return byColor.get(palette[hash % palette.length]!)!;
}
