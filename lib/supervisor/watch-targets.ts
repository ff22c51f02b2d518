import type {ResolvedConfig} from '../config/types.js';

// The processes a watch's target names: itself, or each instance of its replicated group (docs/watch.md).
export function membersOf(config: ResolvedConfig, target: string): string[] {
	const instances = config.sidecars.filter(spec => spec.replica?.group === target).map(spec => spec.name);
	return instances.length > 0 ? instances : [target];
}

// What `cascade` restarts after the target: each process whose dependsOn names it (or one of its instances).
export function dependentsOf(config: ResolvedConfig, target: string): string[] {
	const members = new Set([target, ...membersOf(config, target)]);
	return [config.main, ...config.sidecars].filter(spec => spec.dependsOn.some(edge => members.has(edge.name))).map(spec => spec.name);
}
