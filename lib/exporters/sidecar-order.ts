import type {ResolvedProcess} from '../config/types.js';
import {ConfigError} from '../errors.js';
import {dependencyNames} from '../config/resolve-dependencies.js';
import {planStartOrder} from '../config/start-order.js';

// Sidecars in start order: 'before' ones, then 'after' ones, each group in the supervisor's own order
// (topological over dependsOn, ties in declared order). `order` (sidecar names) replaces that order.
export function orderSidecars(sidecars: readonly ResolvedProcess[], order?: readonly string[]): ResolvedProcess[] {
	const rank = order === undefined ? startRank(sidecars) : givenRank(sidecars, order);
	const group = (sidecar: ResolvedProcess) => (sidecar.start === 'before' ? 0 : 1);
	return [...sidecars].sort((a, b) => group(a) - group(b) || rank.get(a.name)! - rank.get(b.name)!);
}

const startRank = (sidecars: readonly ResolvedProcess[]): Map<string, number> => {
	const {order, cycle} = planStartOrder(sidecars.map(sidecar => ({name: sidecar.name, dependsOn: dependencyNames(sidecar, sidecars)})));
	if (cycle !== null) {
		// resolveConfig rejects this already; a hand-built config gets the same message.
		throw new ConfigError([{path: `sidecars.${cycle[0]}.dependsOn`, given: cycle.join(' → '), expected: 'no dependency cycle'}]);
	}

	return new Map(order.map((name, index) => [name, index]));
};

const givenRank = (sidecars: readonly ResolvedProcess[], order: readonly string[]): Map<string, number> => {
	const names = sidecars.map(sidecar => sidecar.name);
	if (order.length !== names.length || !names.every(name => order.includes(name))) {
		throw new Error(`Bug: start order [${order.join(', ')}] does not list the sidecars [${names.join(', ')}] once each`);
	}

	return new Map(order.map((name, index) => [name, index]));
};
