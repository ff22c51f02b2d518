import {Chalk, supportsColor, type ColorSupportLevel} from 'chalk';

// Colours for names, in the order names are first seen, so neighbours differ.
const palette = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright', 'blueBright'] as const;

// chalk's own level (FORCE_COLOR, a TTY, TERM) with no-color.org on top, which chalk 5 does not read
// (chalk/supports-color#74): a non-empty NO_COLOR turns colour off unless a non-empty FORCE_COLOR says otherwise.
export function colorLevel(env: NodeJS.ProcessEnv, detected: ColorSupportLevel): ColorSupportLevel {
	const forced = (env.FORCE_COLOR ?? '') !== '';
	return !forced && (env.NO_COLOR ?? '') !== '' ? 0 : detected;
}

// The single chalk instance: honours NO_COLOR, FORCE_COLOR and a non-TTY stdout.
export const chalk = new Chalk({level: colorLevel(process.env, supportsColor ? supportsColor.level : 0)});

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
