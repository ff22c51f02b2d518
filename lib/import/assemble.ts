import type {Condition, Draft, DraftEdge} from './draft.js';
import type {ReportBuilder} from './report-builder.js';

// Keys only a sidecar has, and why main cannot take each (docs/config.md): main's exit ends the unit.
const SIDECAR_ONLY: Record<string, string> = {
	run: 'main is not a task',
	start: 'main starts once its dependencies are met',
	timeout: 'main is not a task',
	restart: 'sidecar never restarts main: its exit ends the unit (restart the unit from systemd or the container)',
	backoff: 'sidecar never restarts main',
	maxRestarts: 'sidecar never restarts main',
	critical: 'main always ends the unit',
	enabled: 'main always starts',
	profiles: 'main always starts, whatever the profile',
	replicas: 'main runs once (replicate a sidecar instead)',
};
const MAIN_ONLY: Record<string, string> = {stdin: 'only main reads the terminal'};

// Drafts → {main, sidecars}: targets of completion conditions become tasks (run: 'once'), a sidecar that waits for
// main (or for a sidecar started after main) gets start: 'after', edges to unknown processes are dropped, and main
// loses what only sidecars have. Report lines are replaced where a key could not stay.
export function assemble(drafts: Draft[], mainName: string, report: ReportBuilder, leftOut: ReadonlySet<string> = new Set()): {main: Record<string, unknown>; sidecars: Record<string, Record<string, unknown>>} {
	const byName = new Map(drafts.map(draft => [draft.name, draft]));
	const completion = (condition: Condition) => condition === 'completed' || condition === 'succeeded';
	for (const draft of drafts.filter(draft => draft.spec.run === 'once' && draft.name !== mainName)) {
		makeTask(draft, report, 'it runs on a schedule, so it is a task (run: \'once\')');
	}

	for (const draft of drafts) {
		draft.dependsOn = draft.dependsOn.filter(edge => keepEdge(draft, edge, byName, mainName, report, leftOut));
		for (const edge of draft.dependsOn.filter(edge => completion(edge.condition))) {
			makeTask(byName.get(edge.name)!, report, 'others wait for it to complete, so it became a task (run: \'once\')');
		}
	}

	// A sidecar waiting for main starts after it, and so does anything waiting for such a sidecar.
	const after = new Set<string>(drafts.filter(draft => draft.spec.start === 'after').map(draft => draft.name));
	for (let changed = true; changed;) {
		changed = false;
		for (const draft of drafts.filter(draft => draft.name !== mainName && !after.has(draft.name))) {
			const edge = draft.dependsOn.find(edge => edge.name === mainName || after.has(edge.name));
			if (edge !== undefined) {
				after.add(draft.name);
				draft.spec.start = 'after';
				changed = true;
			}
		}
	}

	for (const draft of drafts) {
		for (const edge of draft.dependsOn.filter(edge => edge.name === mainName)) {
			report.replace(edge.path, {path: edge.path, result: 'approximated', how: `start: 'after' (started once main, "${mainName}", is ready)`});
		}

		draft.dependsOn = draft.dependsOn.filter(edge => edge.name !== mainName);
		if (draft.dependsOn.length > 0) {
			draft.spec.dependsOn = draft.dependsOn.map(({name, condition, onRestart}) =>
				(onRestart !== undefined ? {name, condition, onRestart} : condition === 'ready' ? name : {name, condition}));
		}
	}

	const mainDraft = byName.get(mainName)!;
	strip(mainDraft, SIDECAR_ONLY, report);
	startDependencies(drafts, byName, report);
	for (const draft of drafts.filter(draft => draft !== mainDraft)) {
		strip(draft, MAIN_ONLY, report);
	}

	for (const draft of drafts) {
		commentApproximations(draft, draft === mainDraft ? 'main' : `sidecars.${draft.name}`, report);
	}

	return {main: mainDraft.spec, sidecars: Object.fromEntries(drafts.filter(draft => draft !== mainDraft).map(draft => [draft.name, draft.spec]))};
}

function keepEdge(draft: Draft, edge: DraftEdge, byName: Map<string, Draft>, mainName: string, report: ReportBuilder, leftOut: ReadonlySet<string>): boolean {
	const target = byName.get(edge.name);
	const why = target === undefined
		? leftOut.has(edge.name) ? `"${edge.name}" was left out of the import (no command): start it another way before this` : `no process "${edge.name}" in the source`
		: edge.name === draft.name
			? 'a process cannot wait for itself'
			: edge.name === mainName && draft.name !== mainName && (edge.condition === 'completed' || edge.condition === 'succeeded')
				? `main ("${mainName}") is not a task: nothing can wait for it to complete`
				: undefined;
	if (why !== undefined) {
		report.replace(edge.path, {path: edge.path, result: 'dropped', why});
	}

	return why === undefined;
}

// A process others wait to complete runs once: no restart 'always', no probes (a task is ready when it completes), no
// watch (sidecar watches long-running processes only: docs/watch.md).
function makeTask(draft: Draft, report: ReportBuilder, why: string): void {
	draft.spec.run = 'once';
	for (const key of ['readiness', 'liveness', 'watch', ...(draft.spec.restart === 'always' ? ['restart'] : [])]) {
		if (draft.spec[key] !== undefined) {
			delete draft.spec[key];
			for (const path of draft.sources[key] ?? []) {
				report.replace(path, {path, result: 'dropped', why: `${key}: ${why}`});
			}
		}
	}
}

function strip(draft: Draft, keys: Record<string, string>, report: ReportBuilder): void {
	for (const [key, why] of Object.entries(keys).filter(([key]) => draft.spec[key] !== undefined)) {
		delete draft.spec[key];
		for (const path of draft.sources[key] ?? []) {
			report.replace(path, {path, result: 'dropped', why});
		}
	}
}

// An entry that starts with the unit cannot wait for one that does not (config/profiles.ts, as compose refuses it):
// a dependency of such an entry loses its profiles and `enabled: false`, and so on down the graph.
function startDependencies(drafts: Draft[], byName: Map<string, Draft>, report: ReportBuilder): void {
	const starts = (draft: Draft) => draft.spec.profiles === undefined && draft.spec.enabled !== false;
	for (let changed = true; changed;) {
		changed = false;
		for (const dependent of drafts.filter(draft => starts(draft))) {
			for (const target of dependent.dependsOn.map(edge => byName.get(edge.name)!).filter(target => !starts(target))) {
				const why = `"${dependent.name}" depends on it and starts with the unit, so it must too`;
				for (const key of ['profiles', 'enabled']) {
					delete target.spec[key];
					for (const path of target.sources[key] ?? []) {
						report.replace(path, {path, result: 'dropped', why});
					}
				}

				changed = true;
			}
		}
	}
}

// A comment above each config key that an approximated source key became: where it came from and how it differs.
function commentApproximations(draft: Draft, at: string, report: ReportBuilder): void {
	// A dotted key (`env.DATABASE_URL`) is one entry of a map.
	const present = (key: string) => key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], draft.spec) !== undefined;
	for (const [key, paths] of Object.entries(draft.sources).filter(([key]) => present(key))) {
		for (const line of paths.map(path => report.lineOf(path))) {
			if (line?.result === 'approximated') {
				report.comment(`${at}.${key}`, `${line.path}: ${line.how}`);
			}
		}
	}
}
