import {shellWord} from './compose-command.js';
import {put, type Draft} from './draft.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, shown} from './source-values.js';

type Rewrite = (text: string, at: string) => string;

// `develop.watch` → watch: the paths of every rule that restarts (restart, sync+restart, rebuild) in one watch that
// restarts under `sidecar run --watch`, their `ignore` patterns merged. A plain `sync` has nothing to do: the
// process reads the files in place.
export function importDevelop(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	if (!isRecord(value) || !Array.isArray(value.watch)) {
		report.dropped(at, `got ${shown(value)}, expected {watch: [{path, action}]}`);
		return;
	}

	for (const key of Object.keys(value).filter(key => key !== 'watch')) {
		report.dropped(`${at}.${key}`, 'not a develop key sidecar knows');
	}

	const paths: string[] = [];
	const ignore: string[] = [];
	for (const [index, rule] of value.watch.entries()) {
		const path = `${at}.watch[${index}]`;
		if (!isRecord(rule) || typeof rule.path !== 'string' || rule.path === '') {
			report.dropped(path, `got ${shown(rule)}, expected {path, action}`);
			continue;
		}

		const ignores = Array.isArray(rule.ignore) ? rule.ignore.filter((item): item is string => typeof item === 'string' && item !== '') : [];
		if (rule.action === 'restart') {
			report.mapped(path);
		} else if (rule.action === 'sync+restart' || rule.action === 'rebuild') {
			report.approximated(path, rule.action === 'rebuild' ? 'a restart (there is no image to rebuild; rebuild first with a watch step: action {exec, then})' : 'a restart: the process reads the files in place, nothing to sync');
		} else if (rule.action === 'sync') {
			report.dropped(path, 'the process reads the files in place: nothing to sync');
			continue;
		} else {
			report.dropped(path, `action ${shown(rule.action)}: only restart, sync+restart and rebuild restart a process`);
			continue;
		}

		paths.push(rule.path);
		ignore.push(...ignores);
	}

	if (paths.length > 0) {
		put(draft, 'watch', {paths, ...(ignore.length > 0 ? {ignore} : {})}, at);
	}
}

// `post_start` / `pre_stop` (lists of {command, …}) → hooks.postStart / hooks.preStop: one hook each, so several
// commands are joined with `&&`.
export function importHook(draft: Draft, at: string, key: 'postStart' | 'preStop', value: unknown, report: ReportBuilder, rewrite: Rewrite): void {
	const commands: Array<string | string[]> = [];
	for (const [index, hook] of (Array.isArray(value) ? value : [value]).entries()) {
		const path = Array.isArray(value) ? `${at}[${index}]` : at;
		const command = isRecord(hook) ? hook.command : undefined;
		if (typeof command === 'string' && command !== '') {
			commands.push(rewrite(command, path));
		} else if (Array.isArray(command) && command.length > 0 && command.every(word => typeof word === 'string')) {
			commands.push(command.map(word => rewrite(word as string, path)));
		} else {
			report.dropped(path, `got ${shown(hook)}, expected {command}`);
			continue;
		}

		const extra = Object.keys(hook as object).filter(name => name !== 'command');
		if (extra.length > 0) {
			report.approximated(path, `the command only (${extra.join(', ')} not carried: a hook runs as the process does)`);
		} else {
			report.mapped(path);
		}
	}

	if (commands.length > 0) {
		const hook = commands.length === 1 ? commands[0] : commands.map(command => (typeof command === 'string' ? command : command.map(word => shellWord(word)).join(' '))).join(' && ');
		put(draft, 'hooks', {...draft.spec.hooks as object, [key]: hook}, at);
	}
}
