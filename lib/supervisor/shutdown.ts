import type {UnitMember} from '../process/unit-member.js';

export type ShutdownOptions = {
	// 'parallel': each sidecar stops as soon as every started sidecar that depends on it has stopped.
	order: 'sequential' | 'parallel';
	// Awaited before a sidecar's stop (its drain, supervisor/drain.ts).
	beforeStop: (member: UnitMember) => Promise<void>;
	// Runs between main's stop and the sidecars' (the shutdown tasks, supervisor/shutdown-tasks.ts).
	afterMain?: () => Promise<void>;
};

const SEQUENTIAL: ShutdownOptions = {order: 'sequential', beforeStop: async () => {}};

// Main first, then the sidecars one at a time in reverse start order, each gone before the next is signalled (or, with
// `order: 'parallel'`, each once those that depend on it are gone). Nothing restarts once shutdown begins: a sidecar
// that crashes while main stops stays down (docs/restarts.md).
export async function stopInOrder(main: UnitMember, startOrder: readonly UnitMember[], options = SEQUENTIAL): Promise<void> {
	for (const member of startOrder) {
		member.holdRestarts();
	}

	await main.stop();
	await options.afterMain?.();
	const sidecars = [...startOrder].reverse().filter(member => member !== main);
	const stopOne = async (member: UnitMember) => {
		await options.beforeStop(member);
		await member.stop();
	};

	if (options.order === 'sequential') {
		for (const member of sidecars) {
			await stopOne(member);
		}

		return;
	}

	// Reverse start order lists every dependent before what it depends on, so its promise exists when it is needed.
	const stopped = new Map<string, Promise<void>>();
	for (const member of sidecars) {
		const dependents = sidecars.filter(other => other.spec.dependsOn.some(({name}) => name === member.name || name === member.spec.replica?.group)).map(other => stopped.get(other.name));
		stopped.set(member.name, Promise.all(dependents).then(async () => stopOne(member)));
	}

	await Promise.all(stopped.values());
}
