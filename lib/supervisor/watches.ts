import {setMaxListeners} from 'node:events';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {runOnce} from '../run-once.js';
import {watchTree} from '../watch/watch-tree.js';
import {WatchTrigger, type OpenTree, type RunStep, type WatchUnit, type WatchView} from './watch-trigger.js';

// Which watches run (docs/watch.md): 'dev' every one (`sidecar run --watch`), 'always' those with `when: 'always'`
// (the default), 'off' none (`--no-watch`).
export type WatchMode = 'dev' | 'always' | 'off';

// What the watches are given: the file tree (watch/watch-tree.ts by default) and the step runner (run-once.ts).
export type WatchTools = {open?: OpenTree; runStep?: RunStep};

// The unit's watches: one trigger per watched process, or per replicated group (its instances share the watch and a
// restart of the group is rolling). Attached with the unit's other config triggers (config-triggers.ts).
export class Watches {
	readonly #triggers = new Map<string, WatchTrigger>();

	constructor(private readonly mode: WatchMode = 'always', private readonly tools: WatchTools = {}) {}

	// Starts a trigger for each watch the mode selects, until `signal` aborts. A reload starts every watch anew from the
	// new config (a suspended one watches again: docs/watch.md, Failures).
	attach(unit: WatchUnit, signal: AbortSignal): void {
		let generation = new AbortController();
		const start = () => {
			const specs = watchedSpecs(unit.config, this.mode);
			if (specs.length > 0) {
				const scope = AbortSignal.any([signal, generation.signal]);
				setMaxListeners(0, scope); // Every wait of every watch hangs off it, as off the unit's own signal.
				this.#start(unit, specs, scope);
			}
		};

		unit.events.on('reloaded', () => {
			generation.abort();
			generation = new AbortController();
			this.#triggers.clear();
			start();
		}, signal);
		start();
	}

	// The watch of a process (an instance: its group's), or null when none runs.
	view(name: string, group: string | null = null): WatchView | null {
		return (this.#triggers.get(name) ?? (group === null ? undefined : this.#triggers.get(group)))?.view() ?? null;
	}

	// Synchronous, so every tree is open before the first process starts: a change made at its start is not missed.
	#start(unit: WatchUnit, specs: ResolvedProcess[], signal: AbortSignal): void {
		const open = this.tools.open ?? watchTree;
		const runStep = this.tools.runStep ?? runOnce;
		const exclude = logFiles(unit.config);
		for (const spec of specs) {
			const target = spec.replica?.group ?? spec.name;
			if (!this.#triggers.has(target) && !signal.aborted) {
				const trigger = new WatchTrigger(target, spec.watch!, spec, unit, {open, runStep, exclude});
				this.#triggers.set(target, trigger);
				void trigger.run(signal);
			}
		}
	}
}

function watchedSpecs(config: ResolvedConfig, mode: WatchMode): ResolvedProcess[] {
	if (mode === 'off') {
		return [];
	}

	return [config.main, ...config.sidecars].filter(spec => spec.watch !== null && (mode === 'dev' || spec.watch.when === 'always'));
}

// Every log file of the unit is never watched (a process logging into its watched directory would loop).
function logFiles(config: ResolvedConfig): string[] {
	return [config.main, ...config.sidecars].flatMap(spec => spec.logs.file === null ? [] : [spec.logs.file]);
}
