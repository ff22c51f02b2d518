import path from 'node:path';
import type {ResolvedConfig, ResolvedWatchAction} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {marginMs} from './timeouts.js';
import {systemdUnitName, type TimerCommand, type UnitFile} from './systemd-timers.js';
import {describeAction, exportedWatches, type ExportedWatch} from './watches.js';

// The loop guard of the .path units (the supervisor's, frontier §1.3): 5 triggers within 10 debounces (at least 10 s).
const TRIGGER_BURST = 5;

// The watches that get a .path unit: `when: 'always'` ones. A 'dev' watch acts only under `sidecar run --watch`.
export const alwaysWatches = (config: ResolvedConfig): ExportedWatch[] => exportedWatches(config).filter(({watch}) => watch.when === 'always');

// Per 'always' watch, a `.path` unit and the oneshot `.service` it starts, which acts on the running unit through its
// control commands (`sidecar restart`, `sidecar signal`), after the watch's step when it has one.
export function pathFiles(config: ResolvedConfig, command: TimerCommand): UnitFile[] {
	const service = `${systemdUnitName(config.name)}.service`;
	return alwaysWatches(config).flatMap(entry => {
		const base = systemdUnitName(`${config.name}-${entry.name}-watch`);
		return [
			{name: `${base}.path`, text: pathUnit(entry, service, base)},
			{name: `${base}.service`, text: actionService(config, entry, service, command)},
		];
	});
}

function pathUnit({name, at, watch}: ExportedWatch, service: string, base: string): string {
	checkPaths(at, watch.paths);
	const interval = Math.max(10_000, 10 * watch.debounce);
	return [
		`# The watch of ${name} in sidecar unit ${service} (when: 'always'), written by \`sidecar export systemd --timers\`.`,
		'# PathChanged= is not what `sidecar run` watches: it is not recursive (a file directly in a watched directory',
		'# written and closed, created, removed or renamed triggers; a change in a subdirectory does not), and it has no',
		'# patterns: ignore and include are not applied, any change there triggers, except to hidden files (a name starting',
		'# with a dot), which systemd ignores (man systemd.path).',
		...(watch.poll === null ? [] : [`# poll (${watch.poll} ms) is not carried: systemd watches with inotify only.`]),
		'[Unit]',
		`Description=${`watch of ${name} (${service})`.replaceAll('%', '%%')}`,
		'# Watches while the unit runs: started and stopped with it.',
		`PartOf=${service}`,
		`After=${service}`,
		'',
		'[Path]',
		...watch.paths.map(entry => `PathChanged=${entry.replaceAll('%', '%%')}`),
		`Unit=${base}.service`,
		`# Loop guard: an action that keeps writing into its own watched paths triggers at most once per debounce (the`,
		`# service waits that long first, and this unit does not start it again while it runs), so ${TRIGGER_BURST} triggers within`,
		`# ${interval / 1000} s (10 debounces, at least 10 s) fail this .path unit, which then watches no more until the unit restarts`,
		'# (or `systemctl restart` of this file), as the supervisor suspends a looping watch until `sidecar reload`.',
		`TriggerLimitIntervalSec=${interval / 1000}s`,
		`TriggerLimitBurst=${TRIGGER_BURST}`,
		'',
		'[Install]',
		`WantedBy=${service}`,
		'',
	].join('\n');
}

function actionService(config: ResolvedConfig, entry: ExportedWatch, service: string, {node, bin, quote}: TimerCommand): string {
	const {name, spec, watch} = entry;
	const {action} = watch;
	const line = (argv: string[]) => `ExecStart=${argv.map(argument => quote(argument)).join(' ')}`;
	const control = (last: Exclude<ResolvedWatchAction, {type: 'exec'}>): string[] => last.type === 'restart'
		? [node, bin, 'restart', ...(spec.kind === 'main' ? ['--main'] : [name]), '--name', config.name]
		: [node, bin, 'signal', name, last.signal, '--name', config.name];
	const last = action.type === 'exec' ? action.then : action;
	return [
		`# Acts on a change to ${name}'s watched paths in the running unit ${service}, written by \`sidecar export systemd --timers\`.`,
		'[Unit]',
		`Description=${`on a change to ${name}'s watched paths: ${describeAction(action)} (${service})`.replaceAll('%', '%%')}`,
		'# Only while the unit runs: a change never starts it.',
		`Requisite=${service}`,
		`After=${service}`,
		'',
		'[Service]',
		'Type=oneshot',
		'# Run as the same user as the unit, so the control socket is found.',
		...(watch.debounce > 0
			? [
				`# debounce (${watch.debounce} ms): changes in the first ${watch.debounce} ms after the one that started this are acted on by this run.`,
				'# Unlike the supervisor\'s debounce, a change later in the run (while the action runs) starts no new run.',
				`ExecStartPre=/bin/sleep ${watch.debounce / 1000}`,
			]
			: []),
		...(action.type === 'exec'
			? [
				'# The step runs first, here and with this service\'s environment (not the process\'s env); its output goes to the',
				'# journal. A failed step ends the run: the next ExecStart= does not run, so the process is left as it is.',
				`WorkingDirectory=${spec.cwd.replaceAll('%', '%%')}`,
				line(absoluteCommand(action.command, spec.cwd)),
			]
			: []),
		...(last.type === 'signal' && last.to === 'process'
			? [`# \`sidecar signal\` sends ${last.signal} to ${name}'s process group; the supervisor's watch sends it to the process only.`]
			: []),
		...(last.type === 'restart' ? ['# Through the supervisor\'s stop path: the old process is gone before the new one starts; returns once it is ready.'] : []),
		line(control(last)),
		`# The step's timeout, the stop and readiness of a restart, and ${marginMs / 1000} s for the commands themselves.`,
		`TimeoutStartSec=${timeoutSeconds(entry)}`,
		'',
	].join('\n');
}

// A unit file setting is one line, stripped of the blanks around it: a path that a line cannot hold as it is is refused.
function checkPaths(at: string, paths: string[]): void {
	const bad = paths.find(entry => /[\u0000-\u001F\u007F]|^\s|\s$/.test(entry));
	if (bad !== undefined) {
		throw new SidecarError(`unable to export ${at}.paths: ${JSON.stringify(bad)} has a control character or blanks at an end, which PathChanged= cannot hold`, EXIT.usage);
	}
}

// ExecStart= takes an absolute path or a bare name (found in systemd's own PATH, not the process's): a relative path
// is resolved against the process's directory, where the supervisor runs the step.
const absoluteCommand = ([file, ...args]: string[], cwd: string): string[] =>
	[file!.includes('/') ? path.resolve(cwd, file!) : file!, ...args];

function timeoutSeconds({spec, watch, instances}: ExportedWatch): number {
	const {action} = watch;
	const step = action.type === 'exec' ? action.timeout : 0;
	const restarts = (action.type === 'exec' ? action.then : action).type === 'restart'
		? instances * (spec.stopTimeout + (spec.readiness?.timeout ?? 1000))
		: 0;
	return Math.ceil((watch.debounce + step + restarts + marginMs) / 1000);
}

// What the main service's comments say about watches: which are .path units, which stay inside `sidecar run`, and
// what of them systemd does not carry.
export function watchNotes(config: ResolvedConfig, paths: boolean): string[] {
	const watches = exportedWatches(config);
	const names = (when: 'dev' | 'always') => watches.filter(({watch}) => watch.when === when).map(({name}) => name);
	const always = names('always');
	const dev = names('dev');
	return [
		...(always.length === 0
			? []
			: paths
				? [`# Watches (when: 'always') of ${always.join(', ')} are acted on by their .path units (PathChanged=: not recursive, no ignore or include patterns).`]
				: [`# Watches (when: 'always') of ${always.join(', ')} are kept by \`sidecar run\` (\`sidecar export systemd --timers\` writes them as .path units).`]),
		...(dev.length === 0 ? [] : [`# Watches (when: 'dev') of ${dev.join(', ')} are not exported: they act only under \`sidecar run --watch\`.`]),
		...(paths ? watches.filter(({watch}) => watch.when === 'always' && watch.cascade).map(({name}) => `# ${name}'s watch has cascade: its .path unit restarts no dependents.`) : []),
	];
}
