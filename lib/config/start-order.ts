type Node = {name: string; dependsOn: string[]};

// Topological order over dependsOn, ties kept in declared order; `cycle` names the loop when there is one.
export function planStartOrder(nodes: readonly Node[]): {order: string[]; cycle: string[] | null} {
	const byName = new Map(nodes.map(node => [node.name, node]));
	const order: string[] = [];
	const state = new Map<string, 'visiting' | 'done'>();
	let cycle: string[] | null = null;

	const visit = (name: string, trail: string[]): void => {
		const node = byName.get(name);
		if (node === undefined || state.get(name) === 'done' || cycle !== null) {
			return;
		}

		if (state.get(name) === 'visiting') {
			cycle = [...trail.slice(trail.indexOf(name)), name];
			return;
		}

		state.set(name, 'visiting');
		for (const dependency of node.dependsOn) {
			visit(dependency, [...trail, name]);
		}

		state.set(name, 'done');
		order.push(name);
	};

	for (const node of nodes) {
		visit(node.name, []);
	}

	return {order, cycle};
}
