import type {Issue} from '../errors.js';
import {isObject, readChoice, readObject, readSignal} from './fields.js';
import {planStartOrder} from './start-order.js';
import type {DependencyCondition, ResolvedDependency, ResolvedGroup, ResolvedOnRestart, ResolvedProcess} from './types.js';

export const CONDITIONS: readonly DependencyCondition[] = ['started', 'ready', 'completed', 'succeeded'];
const ENTRY_EXPECTED = 'a name, or {name, condition?, onRestart?}';

// `dependsOn` → its edges (docs/lifecycle.md, Dependencies): a name alone waits for the entry to be ready.
export function readDependencies(at: string, value: unknown, issues: Issue[]): ResolvedDependency[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value)) {
		issues.push({path: at, given: value, expected: `an array of entries: ${ENTRY_EXPECTED}`});
		return [];
	}

	return value.flatMap((entry: unknown, index) => {
		const path = `${at}[${index}]`;
		if (typeof entry === 'string') {
			return [{name: entry, condition: 'ready' as const, onRestart: 'none' as const}];
		}

		if (!isObject(entry) || typeof entry.name !== 'string') {
			issues.push({path, given: entry, expected: ENTRY_EXPECTED});
			return [];
		}

		const spec = readObject(path, entry, ['name', 'condition', 'onRestart'], issues);
		return [{
			name: entry.name,
			condition: readChoice(`${path}.condition`, spec.condition, CONDITIONS, 'ready', issues),
			onRestart: readOnRestart(`${path}.onRestart`, spec.onRestart, issues),
		}];
	});
}

function readOnRestart(at: string, value: unknown, issues: Issue[]): ResolvedOnRestart {
	if (value === undefined || value === 'none' || value === 'restart') {
		return value ?? 'none';
	}

	if (isObject(value) && Object.keys(value).length === 1 && value.signal !== undefined) {
		return {signal: readSignal(`${at}.signal`, value.signal, 'SIGHUP', issues)};
	}

	issues.push({path: at, given: value, expected: '\'none\', \'restart\' or {signal: NAME} (a signal like "SIGHUP")'});
	return 'none';
}

// Every edge names an entry (a sidecar, an instance, or a replicated sidecar's group) that runs before its dependent,
// conditions on tasks fit them, and there is no cycle.
export function checkDependencies(main: ResolvedProcess, sidecars: ResolvedProcess[], issues: Issue[], groups: readonly ResolvedGroup[] = []): void {
	const byName = new Map(sidecars.map(sidecar => [sidecar.name, sidecar]));
	const groupNames = new Set(groups.map(({name}) => name));
	for (const dependent of [main, ...sidecars]) {
		const at = dependent.kind === 'main' ? 'main.dependsOn' : `sidecars.${dependent.replica?.group ?? dependent.name}.dependsOn`;
		for (const {name, condition} of dependent.dependsOn) {
			const target = byName.get(name) ?? sidecars.find(sidecar => sidecar.replica?.group === name);
			if (target === undefined && groupNames.has(name)) {
				continue; // A group of no instances: nothing to wait for.
			}

			const why = target === undefined ? `one of the sidecars: ${[...groupNames, ...byName.keys()].join(', ') || '(none)'}` : misfit(dependent, target, condition);
			if (why !== null) {
				issues.push({path: at, given: name, expected: why});
			}
		}
	}

	const {cycle} = planStartOrder(sidecars.map(sidecar => ({name: sidecar.name, dependsOn: dependencyNames(sidecar, sidecars)})));
	if (cycle !== null) {
		const first = byName.get(cycle[0]!);
		issues.push({path: `sidecars.${first?.replica?.group ?? cycle[0]}.dependsOn`, given: cycle.join(' → '), expected: 'no dependency cycle'});
	}
}

// The names a process depends on, for the start order: a group's name stands for its instances.
export const dependencyNames = (spec: Pick<ResolvedProcess, 'dependsOn'>, sidecars: readonly Pick<ResolvedProcess, 'name' | 'replica'>[] = []): string[] =>
	spec.dependsOn.flatMap(({name}) => {
		const instances = sidecars.filter(sidecar => sidecar.replica?.group === name).map(sidecar => sidecar.name);
		return instances.length > 0 ? instances : [name];
	});

function misfit(dependent: ResolvedProcess, target: ResolvedProcess, condition: DependencyCondition): string | null {
	const before = dependent.kind === 'main' || dependent.start === 'before';
	if (before && target.start === 'after') {
		return `a sidecar that starts before main ("${target.name}" has start: 'after')`;
	}

	if (dependent.start !== 'shutdown' && target.start === 'shutdown') {
		return `a sidecar or task that runs before this one ("${target.name}" runs at shutdown)`;
	}

	if ((condition === 'completed' || condition === 'succeeded') && target.run !== 'once') {
		return `a task (run: 'once') for condition '${condition}' ("${target.name}" ${target.run === 'gate' ? 'is a gate' : 'runs always'}; use 'started' or 'ready')`;
	}

	return null;
}
