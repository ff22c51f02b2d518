// One source process on its way to sidecar's config, before main is chosen: both importers build these, and
// assemble.ts turns them into `main` and `sidecars`.
export type Condition = 'started' | 'ready' | 'completed' | 'succeeded';

// One dependency edge, with the source path it came from (its report line may change once targets are known).
export type DraftEdge = {name: string; condition: Condition; path: string; onRestart?: 'restart'};

// A process as read from the source: its spec so far, where each key came from, and its dependency edges.
export type Draft = {
	name: string;
	// The process's path in the source (`services.web`, `processes.api`).
	path: string;
	// SidecarSpec keys as written; main keeps only MainSpec's.
	spec: Record<string, unknown>;
	// Spec key → the source paths it came from, to report them again where a key cannot stay.
	sources: Record<string, string[]>;
	dependsOn: DraftEdge[];
	// Free text the source gives the process (process-compose's description): a comment once main is known.
	description?: string;
};

// Sets a spec key and remembers the source path behind it.
export function put(draft: Draft, key: string, value: unknown, from: string): void {
	draft.spec[key] = value;
	(draft.sources[key] ??= []).push(from);
}
