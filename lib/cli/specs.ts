// Every command and option as data: the parser (args.ts), the help (usage.ts) and shell completion read it.
// Plain data, so loading it costs `sidecar run` next to nothing (docs/cli.md, start-up).

import type {CommandSpec, OptionSpec} from './spec-types.js';

export type {CommandSpec, OptionSpec} from './spec-types.js';

const config: OptionSpec = {name: 'config', value: 'FILE', default: 'found from the working directory up to the project root', description: 'the config file'};

// `run` sets it; `check` shows what `run` with it would get (docs/config.md, Environment).
const env: OptionSpec = {name: 'env', short: 'e', value: 'KEY=VALUE', multiple: true, description: 'set a variable for every process, over env and envFile (repeatable)'};

// `run` starts the entries with one of these profiles; `check` shows what `run` with them would start (docs/config.md).
const profile: OptionSpec = {name: 'profile', short: 'p', value: 'NAME', multiple: true, description: 'also start the sidecars with this profile (repeatable)'};

// How control commands find the unit (docs/control.md).
const unit: readonly OptionSpec[] = [
	{name: 'name', value: 'NAME', default: 'the config\'s name, else the directory\'s name', description: 'the unit to talk to'},
	{name: 'socket', value: 'PATH', description: 'the unit\'s control socket, instead of finding it by name'},
];

export const COMMANDS: readonly CommandSpec[] = [
	{
		name: 'run',
		summary: 'run main and its sidecars as one unit',
		synopsis: '[options] [-- MAIN COMMAND...]',
		details: 'A command after `--` replaces main.command and runs in the working directory; with one, no config is needed.',
		trailing: true,
		options: [
			config,
			{name: 'name', value: 'NAME', default: 'the config\'s name, else the directory\'s name', description: 'the unit\'s name (control socket, cgroups)'},
			{name: 'log-format', value: 'FORMAT', choices: ['pretty', 'json'], default: 'the config\'s logs.format, else pretty', description: 'how lines and events are printed'},
			env,
			profile,
			{name: 'watch', description: 'also run the watches for development (when: \'dev\', the default of a restart watch)'},
			{name: 'no-watch', description: 'run no watch at all, not even those with when: \'always\''},
			{name: 'procfile', value: 'FILE', description: 'run a Procfile as foreman does instead of a config (FILE may be left out: ./Procfile); any exit stops all'},
			{name: 'formation', short: 'm', value: 'NAME=N,…', description: 'with --procfile: instances per process, foreman\'s -m (all=1,worker=2; 0: not run)'},
			{name: 'port', value: 'PORT', min: 1, default: '5000', description: 'with --procfile: PORT of the first process, +100 for each next one, +1 per instance (foreman\'s -p; -p is also taken as --port after --procfile)'},
			{name: 'restart', description: 'with --procfile: restart a process that exits instead of stopping all (overmind -r)'},
		],
		examples: ['sidecar run', 'sidecar run -- node server.js', 'sidecar run --config deploy/sidecar.yaml --log-format json', 'sidecar run --env LOG_LEVEL=debug', 'sidecar run --profile dev', 'sidecar run --watch', 'sidecar run --procfile Procfile.dev -m web=1,worker=2 -p 3000'],
	},
	{
		name: 'check',
		summary: 'validate and print the resolved config (exit 78 when invalid)',
		synopsis: '[options]',
		options: [config, env, profile],
		examples: ['sidecar check', 'sidecar check --config deploy/sidecar.yaml', 'sidecar check --env LOG_LEVEL=debug', 'sidecar check --profile dev'],
	},
	{
		name: 'init',
		summary: 'write a commented config in the working directory',
		synopsis: '[options]',
		options: [{name: 'format', value: 'FORMAT', choices: ['ts', 'json', 'yaml'], default: 'ts', description: 'sidecar.config.ts (.mts in a CommonJS package), .json or .yaml (JSON and YAML name schema.json for editors)'}],
		examples: ['sidecar init', 'sidecar init --format yaml'],
	},
	{
		name: 'export',
		summary: 'print the unit for systemd, Kubernetes or compose',
		synopsis: 'TARGET [options]',
		positionals: {names: 'TARGET', min: 1, max: 1, choices: ['systemd', 'kubernetes', 'compose']},
		options: [
			config,
			{name: 'image', value: 'NAME=IMAGE', multiple: true, description: 'the image of one process (repeatable); overrides its `image`'},
			{name: 'kind', value: 'KIND', choices: ['deployment', 'pod'], default: 'deployment', description: 'the Kubernetes object to write'},
			{name: 'timers', description: 'systemd: also the trigger units, each with a oneshot .service: a .timer per schedule and a .path per \'always\' watch; each file after a `# FILE: NAME` line'},
			{name: 'out', value: 'DIR', description: 'systemd --timers: write the files into DIR instead of stdout'},
		],
		examples: ['sidecar export systemd', 'sidecar export systemd --timers --out /etc/systemd/system', 'sidecar export kubernetes --image main=ghcr.io/acme/shop:2 > shop.yaml', 'sidecar export compose > compose.yaml'],
	},
	{
		name: 'import',
		summary: 'write a config from a Procfile, a PM2 ecosystem file, a compose or a process-compose file',
		synopsis: 'FILE [options]',
		details: 'Prints a report with a line per source key: mapped, approximated (how) or dropped (why); exit 0 with warnings, 65 when FILE does not parse (FILE:LINE:COLUMN) or, with --strict, when anything was approximated or dropped (docs/import.md).',
		positionals: {names: 'FILE', min: 1, max: 1},
		options: [
			{name: 'from', value: 'FORMAT', choices: ['procfile', 'pm2', 'compose', 'process-compose'], default: 'from the file\'s name, else its content', description: 'the format of FILE'},
			{name: 'main', value: 'NAME', default: 'web (Procfile), the first app that runs once (PM2)', description: 'the process that becomes main'},
			{name: 'env', value: 'NAME', description: 'PM2: apply env_NAME over env, as `pm2 start --env NAME`'},
			{name: 'format', value: 'FORMAT', choices: ['ts', 'yaml', 'json'], default: 'from --out\'s extension, else ts', description: 'the config\'s format (JSON has no comments: they are printed with the report)'},
			{name: 'out', value: 'FILE', default: 'sidecar.config.ts (.mts in a CommonJS package, .yaml, .json) in the working directory', description: 'where to write the config'},
			{name: 'force', description: 'overwrite the output file'},
			{name: 'strict', description: 'write nothing and exit 65 when anything was approximated or dropped'},
			{name: 'report', value: 'FORMAT', choices: ['text', 'json'], default: 'text', description: 'print the report as text lines or one JSON object'},
			{name: 'skip-image-only', description: 'compose: drop the services with an image and no command instead of refusing them'},
		],
		examples: ['sidecar import Procfile', 'sidecar import ecosystem.config.js --env production', 'sidecar import Procfile.dev --main web --format yaml --out sidecar.config.yaml', 'sidecar import compose.yaml --strict --report json'],
	},
	{
		name: 'status',
		summary: 'every process: state, pid, uptime, restarts, cpu, memory, ready',
		synopsis: '[options]',
		options: [{name: 'json', description: 'print one JSON object (docs/control.md)'}, ...unit],
		examples: ['sidecar status', 'sidecar status --json --name shop'],
	},
	{
		name: 'restart',
		summary: 'restart one sidecar (or main) and wait until it is ready',
		synopsis: 'NAME | --main [options]',
		details: 'A replicated sidecar\'s name restarts its instances one at a time, each ready before the next (--parallel: all at once); NAME-2 restarts one instance.',
		positionals: {names: 'NAME', min: 0, max: 1, completes: 'sidecars'},
		options: [{name: 'main', description: 'restart main instead of a sidecar'}, {name: 'parallel', description: 'restart every instance of a replicated sidecar at once'}, ...unit],
		examples: ['sidecar restart logship', 'sidecar restart --main', 'sidecar restart worker --parallel'],
	},
	{
		name: 'scale',
		summary: 'run N instances of a replicated sidecar (0 allowed)',
		synopsis: 'NAME N [options]',
		details: 'The instances that stay keep running; a scale down stops the highest indices first, each through its drain, preStop and stopSignal. `sidecar reload` returns to the config\'s count.',
		positionals: {names: 'NAME N', min: 2, max: 2, completes: 'groups'},
		options: unit,
		examples: ['sidecar scale worker 6', 'sidecar scale worker 0'],
	},
	{
		name: 'signal',
		summary: 'send a signal to one process\'s group',
		synopsis: 'NAME SIGNAL [options]',
		positionals: {names: 'NAME SIGNAL', min: 2, max: 2, completes: 'processes'},
		options: unit,
		examples: ['sidecar signal main SIGHUP', 'sidecar signal logship USR1'],
	},
	{
		name: 'stop',
		summary: 'stop the whole unit gracefully, or one sidecar and keep it down',
		synopsis: '[NAME] [options]',
		details: 'With NAME, that sidecar stops and stays stopped (no restart policy or liveness brings it back) until `sidecar start NAME`; the rest of the unit runs on.',
		positionals: {names: 'NAME', min: 0, max: 1, completes: 'sidecars'},
		options: unit,
		examples: ['sidecar stop', 'sidecar stop --name shop', 'sidecar stop logship'],
	},
	{
		name: 'start',
		summary: 'start a stopped or not-started sidecar and wait until it is ready',
		synopsis: 'NAME [options]',
		details: 'For a sidecar stopped by `sidecar stop NAME`, not started (enabled: false, a profile not selected), exited or fatal.',
		positionals: {names: 'NAME', min: 1, max: 1, completes: 'sidecars'},
		options: unit,
		examples: ['sidecar start logship'],
	},
	{
		name: 'run-now',
		summary: 'fire a process\'s schedule now, under its overlap policy',
		synopsis: 'NAME [options]',
		details: 'A task runs once (retried by its restart policy); a long-running process restarts. Returns once the run has started, not when it ends; a paused schedule runs too.',
		positionals: {names: 'NAME', min: 1, max: 1, completes: 'sidecars'},
		options: unit,
		examples: ['sidecar run-now certRenew'],
	},
	{
		name: 'pause',
		summary: 'skip a process\'s scheduled firings until `sidecar resume NAME`',
		synopsis: 'NAME [options]',
		details: 'A run in progress goes on; firings are skipped (each with a schedule-skipped event) until resumed.',
		positionals: {names: 'NAME', min: 1, max: 1, completes: 'sidecars'},
		options: unit,
		examples: ['sidecar pause certRenew'],
	},
	{
		name: 'resume',
		summary: 'fire a paused schedule again from its next firing',
		synopsis: 'NAME [options]',
		details: 'Firings skipped while paused are not made up.',
		positionals: {names: 'NAME', min: 1, max: 1, completes: 'sidecars'},
		options: unit,
		examples: ['sidecar resume certRenew'],
	},
	{
		name: 'reload',
		summary: 're-read the config and apply only the difference',
		synopsis: '[options]',
		options: unit,
		examples: ['sidecar reload'],
	},
	{
		name: 'logs',
		summary: 'recent lines kept by the supervisor, then new ones with --follow',
		synopsis: '[NAME] [options]',
		positionals: {names: 'NAME', min: 0, max: 1, completes: 'processes'},
		options: [
			{name: 'follow', short: 'f', description: 'keep printing new lines until Ctrl-C'},
			{name: 'lines', short: 'n', value: 'N', min: 0, default: '100', description: 'how many recent lines to print first'},
			...unit,
		],
		examples: ['sidecar logs', 'sidecar logs logship -f', 'sidecar logs -n 20 main'],
	},
	{
		name: 'top',
		summary: 'live cpu and memory per process; q or Ctrl-C quits',
		synopsis: '[options]',
		options: [
			{name: 'interval', value: 'MS', min: 100, default: '1000', description: 'milliseconds between refreshes'},
			{name: 'count', value: 'N', min: 1, default: 'until q', description: 'stop after N refreshes'},
			...unit,
		],
		examples: ['sidecar top', 'sidecar top --count 1 | cat'],
	},
	{
		name: 'wait',
		summary: 'wait until the unit (or one process) is ready: exit 0, or 69 at the timeout',
		synopsis: '[options]',
		details: 'Ready: main ready, every critical sidecar ready, none fatal (what /readyz answers). A unit not started yet is waited for too.',
		options: [
			{name: 'timeout', value: 'DURATION', default: '60s', description: 'how long to wait (30s, 2m, 500ms)'},
			{name: 'for', value: 'NAME', default: 'ready (the whole unit)', description: 'a process, or a replicated sidecar (every instance), instead of the unit'},
			...unit,
		],
		examples: ['sidecar wait', 'sidecar wait --timeout 2m', 'sidecar wait --for db'],
	},
	{
		name: 'completion',
		summary: 'print a shell completion script',
		synopsis: 'bash|zsh|fish',
		positionals: {names: 'SHELL', min: 1, max: 1, choices: ['bash', 'zsh', 'fish']},
		options: [],
		examples: [
			'source <(sidecar completion bash)          # in ~/.bashrc',
			'sidecar completion zsh > "${fpath[1]}/_sidecar"',
			'sidecar completion fish > ~/.config/fish/completions/sidecar.fish',
		],
	},
	{
		name: 'help',
		summary: 'this text, or one command\'s options',
		synopsis: '[COMMAND]',
		positionals: {names: 'COMMAND', min: 0, max: 1},
		options: [],
		examples: ['sidecar help run', 'sidecar run --help'],
	},
	{
		name: 'version',
		summary: 'the version of sidecar (also -V, --version)',
		synopsis: '',
		options: [],
		examples: ['sidecar --version'],
	},
];

// `--help` and `-h` work on every command; main.ts answers them before the command loads.
export const HELP_OPTION: OptionSpec = {name: 'help', short: 'h', description: 'show this help'};

export const findCommand = (name: string): CommandSpec | undefined => COMMANDS.find(command => command.name === name);
