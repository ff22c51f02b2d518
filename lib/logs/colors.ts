import {Chalk, supportsColor} from 'chalk';

// Colours for names, in the order names are first seen, so neighbours differ.
const palette = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright', 'blueBright'] as const;

// The single chalk instance: honours NO_COLOR, FORCE_COLOR and a non-TTY stdout.
export const chalk = new Chalk({level: supportsColor ? supportsColor.level : 0});

// A stable colour per name: the same name always gets the same colour in one unit and across runs.
export function colorFor(name: string): (text: string) => string {
	if (chalk.level === 0) {
		return text => text;
	}

	let hash = 0;
	for (const char of name) {
		hash = ((hash * 31) + char.codePointAt(0)!) >>> 0;
	}

	return chalk[palette[hash % palette.length]!];
}
