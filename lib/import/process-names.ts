import type {Draft} from './draft.js';
import type {ReportBuilder} from './report-builder.js';

const NAME = /^[A-Za-z\d][\w.-]{0,63}$/;

// Source names → sidecar names (letters, digits, '.', '_', '-', starting with a letter or digit, at most 64, not
// "main" for a sidecar): `_process2` → `process2`, `web/api` → `web-api`, a clash gets `-2`.
export function sidecarNames(names: readonly string[]): Map<string, string> {
	const taken = new Set(names.filter(name => NAME.test(name)));
	const renamed = new Map<string, string>();
	for (const name of names) {
		if (NAME.test(name)) {
			renamed.set(name, name);
			continue;
		}

		const base = name.replaceAll(/[^\w.-]/g, '-').replace(/^[^A-Za-z\d]+/, '').slice(0, 60) || 'process';
		let candidate = base;
		for (let n = 2; taken.has(candidate); n++) {
			candidate = `${base}-${n}`;
		}

		taken.add(candidate);
		renamed.set(name, candidate);
	}

	return renamed;
}

// Points each dependency edge at its target's new name, and reports each renamed process.
export function applyNames(drafts: Draft[], renamed: Map<string, string>, section: string, report: ReportBuilder): void {
	for (const draft of drafts) {
		for (const edge of draft.dependsOn) {
			edge.name = renamed.get(edge.name) ?? edge.name;
		}
	}

	for (const [from, to] of renamed) {
		if (from !== to) {
			report.replace(`${section}.${from}`, {path: `${section}.${from}`, result: 'approximated', how: `renamed "${to}" (sidecar names start with a letter or digit and hold only letters, digits, ".", "_", "-")`});
		}
	}
}
