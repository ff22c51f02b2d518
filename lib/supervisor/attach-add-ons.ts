import type {AddOn, Detach, UnitHandle} from './add-on.js';
import type {ProcessUsage} from './snapshot.js';

// Before any process starts: the first add-on (the control socket) alone, so a twin is refused while nothing runs and
// before the orphan guard ends a twin's children as leftovers; the others alongside each other, as none waits for
// another (docs/architecture.md, The add-on seam). Each one's detach goes into `detachers`, in reverse list order,
// before a failed attach is thrown, so those that did attach detach.
export async function attachAddOns(addOns: readonly AddOn[], unit: UnitHandle, signal: AbortSignal, detachers: Detach[]): Promise<void> {
	const [first, ...others] = addOns;
	const attached = first === undefined ? [] : [await first.attach(unit, signal)];
	const rest = await Promise.allSettled(others.map(async addOn => addOn.attach(unit, signal)));
	for (const outcome of rest) {
		attached.push(outcome.status === 'fulfilled' ? outcome.value : undefined);
	}

	detachers.push(...attached.filter(detach => detach !== undefined).reverse());
	const failed = rest.find(outcome => outcome.status === 'rejected');
	if (failed !== undefined) {
		throw failed.reason;
	}
}

// A process's cpu, memory and enforcement for status, top and metrics: the first add-on with an opinion (limits), else none.
export function usageOf(addOns: readonly AddOn[], name: string): ProcessUsage {
	for (const addOn of addOns) {
		const usage = addOn.usage?.(name);
		if (usage !== undefined) {
			return usage;
		}
	}

	return {cpu: null, memory: null, enforcement: 'none'};
}
