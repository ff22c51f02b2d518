import {parseArgs, type ParseArgsConfig} from 'node:util';
import {didYouMean} from '../did-you-mean.js';
import {UsageError} from '../errors.js';
import {findCommand, type CommandSpec, type OptionSpec} from './specs.js';

// `sidecar run --name x -- node app.js` → own arguments, and the command after `--`.
export function splitAtDashes(args: readonly string[]): [string[], string[]] {
	const index = args.indexOf('--');
	return index === -1 ? [[...args], []] : [args.slice(0, index), args.slice(index + 1)];
}

export type ParsedArgs = {
	values: Record<string, string | boolean | string[] | undefined>;
	positionals: string[];
	// What came after `--` (commands with `trailing`).
	command: string[];
};

// A command's arguments checked against its spec (specs.ts): unknown options (with the nearest known one), values
// outside their choices, a missing or extra positional; each a usage error (exit 64) that names what was wrong.
export function parseCommand(name: string, args: readonly string[]): ParsedArgs {
	const spec = findCommand(name)!;
	const [own, command] = spec.trailing ? splitAtDashes(args) : [[...args], []];
	const options = Object.fromEntries(spec.options.map(option => [option.name, toParseArgs(option)]));
	const {tokens} = parseArgs({args: own, options, allowPositionals: true, strict: false, tokens: true});
	for (const token of tokens) {
		if (token.kind === 'option' && options[token.name] === undefined) {
			const known = spec.options.map(option => `--${option.name}`);
			throw new UsageError(`${name}: unknown option ${token.rawName}${didYouMean(`--${token.name}`, known)} (see \`sidecar help ${name}\`)`);
		}

		if (token.kind === 'positional' && spec.trailing) {
			throw new UsageError(`${name}: put the main command after \`--\`: sidecar ${name} ${withDashes(own, token.index)}`);
		}
	}

	const parsed = strictParse(spec, own, options);
	for (const option of spec.options) {
		checkValue(spec, option, parsed.values[option.name]);
	}

	checkPositionals(spec, parsed.positionals);
	return {values: parsed.values, positionals: parsed.positionals, command};
}

const toParseArgs = (option: OptionSpec) => ({
	type: option.value === undefined ? 'boolean' as const : 'string' as const,
	...(option.short === undefined ? {} : {short: option.short}),
	...(option.multiple ? {multiple: true} : {}),
});

// util.parseArgs catches what is left: a value missing after `--config`, a value given to a flag.
function strictParse(spec: CommandSpec, args: string[], options: NonNullable<ParseArgsConfig['options']>): Omit<ParsedArgs, 'command'> {
	try {
		return parseArgs({args, options, allowPositionals: true, strict: true}) as Omit<ParsedArgs, 'command'>;
	} catch (error) {
		throw new UsageError(`${spec.name}: ${(error as Error).message.split('\n')[0]!} (see \`sidecar help ${spec.name}\`)`);
	}
}

function checkValue(spec: CommandSpec, option: OptionSpec, given: unknown): void {
	for (const value of Array.isArray(given) ? given : [given]) {
		if (typeof value !== 'string') {
			continue;
		}

		const expected = option.choices !== undefined && !option.choices.includes(value) ? `one of ${option.choices.join(', ')}${didYouMean(value, option.choices)}`
			: option.min !== undefined && !(/^\d+$/.test(value) && Number(value) >= option.min) ? `a whole number of at least ${option.min}`
			: undefined;
		if (expected !== undefined) {
			throw new UsageError(`${spec.name}: --${option.name} got ${JSON.stringify(value)}, expected ${expected}`);
		}
	}
}

function checkPositionals(spec: CommandSpec, positionals: string[]): void {
	const rule = spec.positionals ?? {names: 'no arguments', min: 0, max: 0};
	const usage = `sidecar ${spec.name} ${spec.synopsis}`.trim();
	if (positionals.length < rule.min) {
		const choices = rule.choices === undefined ? '' : `: one of ${rule.choices.join(', ')}`;
		throw new UsageError(`${spec.name}: missing ${rule.names}${choices} (e.g. \`${spec.examples[0]}\`)`);
	}

	if (positionals.length > rule.max) {
		throw new UsageError(`${spec.name}: got ${JSON.stringify(positionals.join(' '))}, expected ${rule.names} (usage: ${usage})`);
	}

	const [first] = positionals;
	if (first !== undefined && rule.choices !== undefined && !rule.choices.includes(first)) {
		throw new UsageError(`${spec.name}: got ${JSON.stringify(first)}, expected one of ${rule.choices.join(', ')}${didYouMean(first, rule.choices)}`);
	}
}

// The arguments again, with `--` before the first positional: what the user meant to type.
function withDashes(args: string[], index: number): string {
	const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll('\'', '\'\\\'\'')}'`);
	return [...args.slice(0, index), '--', ...args.slice(index)].map(arg => quote(arg)).join(' ');
}

// `--env LOG_LEVEL=debug` (repeatable) → {LOG_LEVEL: 'debug'}; the value may be empty or hold '='. Never echoed back
// whole in an error: only the part before '='.
export function parseEnvPairs(command: string, pairs: readonly string[]): Record<string, string> {
	return Object.fromEntries(pairs.map(pair => {
		const index = pair.indexOf('=');
		const key = index === -1 ? pair : pair.slice(0, index);
		if (index === -1 || !/^[A-Za-z_]\w*$/.test(key)) {
			throw new UsageError(`${command}: --env got ${JSON.stringify(`${key.slice(0, 40)}${index === -1 ? '' : '=…'}`)}, expected KEY=VALUE (KEY: letters, digits, _; not starting with a digit)`);
		}

		return [key, pair.slice(index + 1)];
	}));
}
