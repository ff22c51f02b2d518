import type {ResolvedConfig, ResolvedNotification} from '../config/types.js';
import {systemdUnitName, type TimerCommand, type UnitFile} from './systemd-timers.js';

// What the failure unit runs with node (`node -e SCRIPT UNIT command ARGV…` or `… url URL HEADERS`): the event sidecar
// itself would send for the unit's failure (notification-json.ts, kind fatal, `unit-failed`), built from what systemd
// gives an OnFailure= unit (MONITOR_SERVICE_RESULT, MONITOR_EXIT_CODE, MONITOR_EXIT_STATUS: systemd 251+), then
// given to the command in SIDECAR_EVENT or POSTed to the URL. A hook that hangs ends at TimeoutStartSec=.
export const ON_FAILURE_SCRIPT = [
	'const [unit, mode, target, ...rest] = process.argv.slice(1), e = process.env, s = e.MONITOR_EXIT_STATUS ?? "";',
	'const json = JSON.stringify({kind: "fatal", unit, name: unit, time: new Date().toISOString(), event: {event: "unit-failed", name: unit,',
	'code: /^\\d+$/.test(s) ? Number(s) : null, reason: "systemd: " + (e.MONITOR_SERVICE_RESULT ?? "failed") + (s ? " (" + e.MONITOR_EXIT_CODE + " " + s + ")" : "")}, stderr: []});',
	'if (mode === "url") fetch(target, {method: "POST", headers: {...JSON.parse(rest[0]), "content-type": "application/json"}, body: json})',
	'.then(r => { process.exitCode = r.ok ? 0 : 1; }, () => { process.exitCode = 1; });',
	'else process.exitCode = require("node:child_process").spawnSync(target, rest, {stdio: "inherit", env: {...e, SIDECAR_EVENT: json}}).status ?? 1;',
].join(' ');

// The unit-wide `on.fatal` entry, which systemd's OnFailure= stands for; null when there is none.
export const unitFatalHook = (config: ResolvedConfig): ResolvedNotification | null =>
	config.notifications.find(({owner, kind}) => owner === null && kind === 'fatal') ?? null;

// The failure unit's name: NAME-on-failure.service.
export const onFailureUnitName = (config: ResolvedConfig): string => `${systemdUnitName(`${config.name}-on-failure`)}.service`;

// [Unit] lines of the main service: OnFailure= when the config has a unit-wide fatal hook.
export function onFailureLines(config: ResolvedConfig, multiFile: boolean): string[] {
	return unitFatalHook(config) === null ? [] : [
		'# on.fatal: systemd runs this unit when the service fails, the supervisor killed included (the supervisor tells',
		`# the failures it sees itself, with their crash context). ${multiFile ? 'It is written beside this one.' : 'It is written by `sidecar export systemd --timers` (sidecar\'s docs/export.md).'}`,
		`OnFailure=${onFailureUnitName(config)}`,
	];
}

// NAME-on-failure.service: a oneshot running the hook once, bounded by its timeout.
export function onFailureFiles(config: ResolvedConfig, command: TimerCommand): UnitFile[] {
	const hook = unitFatalHook(config);
	if (hook === null) {
		return [];
	}

	const {target} = hook;
	const service = `${systemdUnitName(config.name)}.service`;
	const args = target.type === 'command' ? ['command', ...target.command] : ['url', target.url, JSON.stringify(target.headers)];
	return [{name: onFailureUnitName(config), text: [
		`# on.fatal of sidecar unit ${service} (${hook.at}), run by its OnFailure=; written by \`sidecar export systemd --timers\`.`,
		'[Unit]',
		`Description=${`on.fatal of ${service}`.replaceAll('%', '%%')}`,
		'',
		'[Service]',
		'Type=oneshot',
		`# The hook's timeout (${hook.at}.timeout): a hook that hangs is stopped with its whole cgroup.`,
		`TimeoutStartSec=${Math.ceil(target.timeout / 1000)}s`,
		`WorkingDirectory=${config.directory.replaceAll('%', '%%')}`,
		...(target.type === 'url' && Object.keys(target.headers).length > 0 ? ['# The headers are written here as given (a token among them): keep this file private.'] : []),
		`ExecStart=${[command.node, '-e', ON_FAILURE_SCRIPT, config.name, ...args].map(argument => command.quote(argument)).join(' ')}`,
		'',
	].join('\n')}];
}
