import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from '../errors.js';

// `sidecar run --name x -- node app.js` → own arguments, and the command after `--`.
export function splitAtDashes(args: readonly string[]): [string[], string[]] {
	const index = args.indexOf('--');
	return index === -1 ? [[...args], []] : [args.slice(0, index), args.slice(index + 1)];
}

export type ParsedOptions = {values: Record<string, string | boolean | string[] | undefined>; positionals: string[]};

// util.parseArgs with its errors turned into usage errors (exit 64) naming the command.
export function parseOptions(command: string, args: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals = false): ParsedOptions {
	try {
		return parseArgs({args, options, allowPositionals, strict: true}) as ParsedOptions;
	} catch (error) {
		throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]} (see \`sidecar help\`)`);
	}
}
