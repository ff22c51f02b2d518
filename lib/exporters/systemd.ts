import {constants} from 'node:os';
import type {ResolvedConfig} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {describeEdge, isPlainEdge, unitEdges} from './dependency-edges.js';
import {describeGroup} from './replicas.js';
import {alwaysWatches, pathFiles, watchNotes} from './systemd-paths.js';
import {socketFiles, socketsLine} from './systemd-sockets.js';
import {fileMarker, scheduledProcesses, scheduleNotes, timerFiles, systemdUnitName, type UnitFile} from './systemd-timers.js';
import {onFailureFiles, onFailureLines} from './systemd-on-failure.js';
import {marginMs, startBudgetSeconds, stopBudgetSeconds} from './timeouts.js';

// What `sidecar export systemd` passes besides the config: absolute paths, as systemd requires.
export type SystemdOptions = {
	// Absolute path of the node binary (process.execPath).
	node: string;
	// Absolute path of the sidecar bin (dist/cli/sidecar.js).
	bin: string;
	// Absolute path of the config file; defaults to config.file. With neither, main's command follows `--`.
	configFile?: string | null;
	// `--timers`: schedules become .timer units (systemd-timers.ts) and the supervisor's clock is paused for them;
	// 'always' watches become .path units (systemd-paths.ts).
	timers?: boolean;
};

// A systemd service that runs the unit through `sidecar run`, with a comment line on each choice.
export function exportSystemd(config: ResolvedConfig, options: SystemdOptions): string {
	const configFile = options.configFile ?? config.file;
	// With the watches as .path units, the supervisor keeps none itself, or both would act on a change.
	const noWatch = options.timers === true && alwaysWatches(config).length > 0 ? ['--no-watch'] : [];
	const run = [options.node, options.bin, 'run', ...noWatch];
	const argv = configFile === null ? [...run, '--', ...config.main.command] : [...run, '--config', configFile];
	const stopSeconds = stopBudgetSeconds(config);
	return [
		`# sidecar unit "${config.name}", written by \`sidecar export systemd\`: export it again after changing the config.`,
		'[Unit]',
		`Description=${escapeSpecifiers(`sidecar unit ${config.name}`)}`,
		'# Many mains and sidecars talk to the network: start once it is up.',
		'Wants=network-online.target',
		'After=network-online.target',
		...onFailureLines(config, options.timers === true),
		'',
		'[Service]',
		'# The supervisor sends READY=1 to $NOTIFY_SOCKET once main is ready, so dependent units wait for it.',
		'Type=notify',
		'# Only the supervisor\'s own messages count, not main\'s or a sidecar\'s. It sends them itself (node-unix-socket);',
		'# without that package, through systemd-notify, which counts here as root only: with User= set, install',
		'# node-unix-socket or change this to NotifyAccess=all (sidecar\'s docs/host.md).',
		'NotifyAccess=main',
		`WorkingDirectory=${escapeSpecifiers(config.directory)}`,
		`ExecStart=${argv.map(argument => quoteArgument(argument)).join(' ')}`,
		'# SIGHUP goes to the supervisor, which forwards it by the `signals` table (to main by default).',
		'ExecReload=/bin/kill -HUP $MAINPID',
		'# SIGTERM reaches the supervisor only: it stops main, then each sidecar in reverse start order.',
		'# Whatever is left when TimeoutStopSec runs out is SIGKILLed, children included.',
		'KillMode=mixed',
		`# main's stopTimeout plus every sidecar's, in turn, plus ${marginMs / 1000} s for the supervisor itself.`,
		`TimeoutStopSec=${stopSeconds}`,
		...startTimeout(startBudgetSeconds(config)),
		...envFiles(config),
		...socketsLine(config),
		...tasks(config),
		...scheduleNotes(config, options.timers === true),
		...(options.timers === true ? scheduledProcesses(config).map(({name}) => `ExecStartPost=${[options.node, options.bin, 'pause', name, '--name', config.name].map(argument => quoteArgument(argument)).join(' ')}`) : []),
		...watchNotes(config, options.timers === true),
		...replicas(config),
		...dependencies(config),
		`# A stop that went as planned: main died of its stopSignal (${config.main.stopSignal}) and the supervisor exits`,
		'# 128+N, which systemd would count as a failure after `systemctl stop` (see sidecar\'s docs/export.md).',
		...(config.main.successCodes.length > 0 ? ['# The supervisor exits with main\'s code: main\'s successCodes are the unit\'s too.'] : []),
		`SuccessExitStatus=${[128 + constants.signals[config.main.stopSignal], config.main.stopSignal, ...config.main.successCodes].join(' ')}`,
		...watchdog(config),
		'# Sidecars are restarted by the supervisor; systemd restarts the whole unit when it fails.',
		'Restart=on-failure',
		`# A usage error (${EXIT.usage}) or an invalid config (${EXIT.config}) does not heal by restarting${config.main.neverRestartOn.length > 0 ? ', nor main\'s neverRestartOn codes' : ''}.`,
		`RestartPreventExitStatus=${[EXIT.usage, EXIT.config, ...config.main.neverRestartOn.filter(code => code !== EXIT.usage && code !== EXIT.config)].join(' ')}`,
		...(config.sidecars.some(spec => spec.successCodes.length + spec.neverRestartOn.length > 0)
			? ['# Sidecars\' successCodes and neverRestartOn are applied by the supervisor inside the unit.']
			: []),
		'# Hand the cgroup subtree to the supervisor so the limits driver can give each process its own cgroup.',
		'Delegate=yes',
		'',
		'[Install]',
		'WantedBy=multi-user.target',
		'',
	].join('\n');
}

// `export systemd --timers`: the service; per schedule, a .timer and its oneshot .service; per 'always' watch, a
// .path unit and its oneshot .service; per socket, a .socket unit (also without --timers).
export function exportSystemdFiles(config: ResolvedConfig, options: SystemdOptions): UnitFile[] {
	const timers = {...options, timers: true};
	const command = {node: options.node, bin: options.bin, quote: quoteArgument};
	const files = [
		{name: `${systemdUnitName(config.name)}.service`, text: exportSystemd(config, timers)},
		...timerFiles(config, command),
		...pathFiles(config, command),
		...onFailureFiles(config, command),
		...socketFiles(config),
	];
	checkFileNames(files);
	return files;
}

// Two files of one name would overwrite each other (a process "web-watch" with a schedule and "web" with a watch).
function checkFileNames(files: UnitFile[]): void {
	const seen = new Set<string>();
	for (const {name} of files) {
		if (seen.has(name)) {
			throw new SidecarError(`unable to export systemd --timers: two files would be named ${name}; rename one of the processes`, EXIT.usage);
		}

		seen.add(name);
	}
}

// The files on stdout, each after its `# FILE: NAME` line (docs/export.md says how to split them).
export const printFiles = (files: UnitFile[]): string => files.map(({name, text}) => `${fileMarker(name)}\n${text}`).join('\n');

// With main's liveness, the supervisor feeds systemd's watchdog only while main passes it (and no critical sidecar is
// fatal or unhealthy): a hung main stops the pings and systemd restarts the unit (docs/export.md).
function watchdog({main}: ResolvedConfig): string[] {
	if (main.liveness === null) {
		return [];
	}

	const seconds = Math.max(10, Math.ceil((2 * main.liveness.interval) / 1000));
	return ['# Pings stop while main\'s liveness fails: after this long without one, systemd restarts the unit.', `WatchdogSec=${seconds}`];
}

// `%` starts a systemd specifier in most settings: `%%` is a literal percent sign.
const escapeSpecifiers = (text: string): string => text.replaceAll('%', '%%');

// ExecStart splits on spaces and expands `$VAR` and `%x`: double-quote each argument and escape all three. A line
// break would end the setting: control characters become C escapes, which systemd resolves inside quotes.
const quoteArgument = (argument: string): string => {
	const escaped = escapeSpecifiers(argument).replaceAll('$', '$$$$');
	return /^[\w./=@:+-]+$/.test(escaped)
		? escaped
		: `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll(/[\u0001-\u001F\u007F]/g, cEscape)}"`;
};

const cEscape = (char: string): string => {
	const named: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'};
	return named[char] ?? `\\x${char.codePointAt(0)!.toString(16).padStart(2, '0')}`;
};

function startTimeout(seconds: number | null): string[] {
	return seconds === null
		? ['# A \'before\' task has no timeout, so start-up has no bound: neither has systemd\'s wait for READY=1.', 'TimeoutStartSec=infinity']
		: ['# Each \'before\' sidecar may take its whole readiness timeout (a task its timeout per run), then main;', '# never below systemd\'s 90 s.', `TimeoutStartSec=${Math.max(90, seconds)}`];
}

// The unit's env files are the supervisor's environment, which every child inherits: the same as EnvironmentFile=
// ('-' marks an optional file in both). Files of one process only have no unit-wide form: the supervisor reads them.
function envFiles(config: ResolvedConfig): string[] {
	const unitFiles = config.main.envFiles.filter(file => config.sidecars.every(spec => spec.run === 'gate' || spec.envFiles.some(other => other.path === file.path)));
	const ownFiles = [config.main, ...config.sidecars].some(spec => spec.envFiles.length > unitFiles.length);
	return [
		...(unitFiles.length > 0 ? ['# The unit\'s envFile, for every process (the supervisor reads it too; values are not copied here).'] : []),
		...unitFiles.map(file => `EnvironmentFile=${file.optional ? '-' : ''}${escapeSpecifiers(file.path)}`),
		...(ownFiles ? ['# Env files of single processes are read by the supervisor for those processes only (no systemd form).'] : []),
	];
}

// Replicated sidecars stay inside the one service: systemd's own instances (worker@1.service) would be units apart
// from the supervisor, outside its dependencies, readiness and shutdown order.
function replicas(config: ResolvedConfig): string[] {
	return config.groups.length === 0 ? [] : [
		`# Replicated sidecars run inside \`sidecar run\`: ${config.groups.map(group => describeGroup(group)).join('; ')}.`,
		'# The supervisor gives each instance SIDECAR_REPLICA, SIDECAR_REPLICAS and SIDECAR_PORT, restarts it alone, and',
		'# `sidecar scale NAME N` changes a count while the unit runs; systemd sees one service.',
	];
}

// Dependency conditions and onRestart are the supervisor's own: systemd's After=/Requires= order whole units only.
function dependencies(config: ResolvedConfig): string[] {
	const edges = unitEdges(config).filter(edge => !isPlainEdge(edge) || config.main.dependsOn.length > 0);
	return edges.length > 0 ? [`# Dependencies ${edges.map(edge => describeEdge(edge)).join(', ')} are kept inside \`sidecar run\`.`] : [];
}

// Tasks run inside `sidecar run`: as ExecStartPre=/ExecStopPost= they would run twice, and a stop task must run
// while the sidecars still do, which ExecStopPost= cannot give. Gates are waited for inside too.
function tasks(config: ResolvedConfig): string[] {
	const names = (start: string, run = 'once') => config.sidecars.filter(spec => spec.run === run && spec.start === start).map(({name}) => name);
	const lines = [
		[names('before'), 'before main (not ExecStartPre=, which would run them a second time)'],
		[names('after'), 'once main is ready'],
		[names('shutdown'), 'after main has stopped, before the sidecars stop (not ExecStopPost=, which runs after all of them)'],
	] as const;
	const gates = names('before', 'gate').concat(names('after', 'gate'));
	return [
		...lines.filter(([list]) => list.length > 0).map(([list, when]) => `# Tasks ${list.join(', ')} run inside \`sidecar run\` ${when}.`),
		...(gates.length > 0 ? [`# Gates ${gates.join(', ')} (external dependencies) are waited for inside \`sidecar run\`; After= orders local units only.`] : []),
	];
}
