import {COMMANDS, HELP_OPTION, type CommandSpec, type OptionSpec} from './specs.js';

// Loaded only for `help`, `--help` and `-h` (main.ts): the run path never pays for it.

const EXIT_CODES = `Exit codes: 0 ok, 64 usage, 69 start-up failed, 70 a critical sidecar went fatal,
74 output not written (a full disk), 78 invalid or missing config, otherwise
main's code (128+N when main died of signal N); 1 when a control command finds
no running unit; import: 65 a file that does not parse (or --strict), 66 one
that cannot be read, 73 a config already there.`;

const column = (rows: Array<[string, string]>): string => {
	const width = Math.max(...rows.map(([left]) => left.length));
	return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd()).join('\n');
};

// `sidecar help`: every command, one line each.
export function renderHelp(): string {
	const rows = COMMANDS.map(command => [command.name, command.summary] as [string, string]);
	return `Usage: sidecar COMMAND [options]

Runs an application (main) with its helper processes (sidecars) as one unit.

Commands:
${column(rows)}

Run \`sidecar help COMMAND\` (or \`sidecar COMMAND --help\`) for a command's options, defaults and examples.
Control commands (status, restart, signal, stop, start, reload, logs, top) find the unit by --name, --socket,
the config's name, or the directory's name.

${EXIT_CODES}
`;
}

const optionLabel = (option: OptionSpec): string =>
	`${option.short === undefined ? '    ' : `-${option.short}, `}--${option.name}${option.value === undefined ? '' : ` ${option.choices?.join('|') ?? option.value}`}`;

const optionText = (option: OptionSpec): string =>
	`${option.description}${option.default === undefined ? '' : ` (default: ${option.default})`}`;

// `sidecar help run`: usage line, what it does, each option with its default, and examples.
export function renderCommandHelp(command: CommandSpec): string {
	const options = [...command.options, HELP_OPTION].map(option => [optionLabel(option), optionText(option)] as [string, string]);
	return `Usage: sidecar ${command.name} ${command.synopsis}`.trimEnd() + `

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.${command.details === undefined ? '' : `\n${command.details}`}

Options:
${column(options)}

Examples:
${command.examples.map(example => `  ${example}`).join('\n')}
`;
}
