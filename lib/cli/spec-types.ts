// The shape of every command and option (specs.ts holds them): what the parser, the help and completion read.

export type OptionSpec = {
	name: string;
	short?: string;
	// The value's placeholder in help (`--config FILE`); none: a flag.
	value?: string;
	multiple?: boolean;
	choices?: readonly string[];
	// The value must be a whole number of at least this.
	min?: number;
	default?: string;
	description: string;
};

export type CommandSpec = {
	name: string;
	summary: string;
	// More about it, for `sidecar help NAME`.
	details?: string;
	// What follows `sidecar NAME` in the usage line.
	synopsis: string;
	// Positional arguments: their names for messages, how many, and their choices if fixed.
	positionals?: {names: string; min: number; max: number; choices?: readonly string[]; completes?: 'processes' | 'sidecars' | 'groups'};
	// Takes a command after `--` (run).
	trailing?: boolean;
	options: readonly OptionSpec[];
	examples: readonly string[];
};
