import {setMaxListeners} from 'node:events';
import {appliedConfig, diffConfig, type ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {ConcurrentRun} from '../process/concurrent-run.js';
import {SubtreeReader} from '../proc/subtree-reader.js';
import {createMember} from '../process/create-member.js';
import type {ProcessHost, ProcessView, UnitMember} from '../process/unit-member.js';
import {refuseUnstartable, type SpawnChild} from '../process/spawn.js';
import type {World} from '../process/world.js';
import type {SuspendClock} from '../suspend-clock.js';
import type {AddOn, Detach, UnitHandle} from './add-on.js';
import {attachAddOns, usageOf} from './attach-add-ons.js';
import {commandHandlers, type CommandHost} from './command-handlers.js';
import {attachConfigTriggers} from './config-triggers.js';
import type {GroupLookup} from './dependency-conditions.js';
import {applyReload} from './reload.js';
import {childEnv} from './child-env.js';
import {ReplicaGroups} from './replica-groups.js';
import {Roster} from './roster.js';
import {Schedules} from './schedules.js';
import {Watches} from './watches.js';
import {runUnit} from './run-unit.js';
import {followStatusTexts} from './status-texts.js';
import {startGroup} from './startup.js';
import {snapshotUnit, type UnitSnapshot} from './snapshot.js';
import {refuseCommand} from './unit-command-table.js';
import type {CommandResult, UnitCommand} from './unit-commands.js';
import {UnitEnding} from './unit-ending.js';
import {nextUnitState, type UnitState, type UnitStateEvent} from './unit-states.js';
import {routeUnitSignals} from './unit-signals.js';
import type {SupervisorOptions} from './supervisor-options.js';

// How long the unit waits, once everything has exited, for the children's pipes to yield their last lines.
const OUTPUT_END_MS = 1000;

// The unit: main and its sidecars with one shared lifecycle (docs/lifecycle.md). `run()` resolves with the exit code.
export class Supervisor implements UnitHandle {
	readonly events: UnitEvents;
	readonly finished: Promise<number>;
	readonly clock: Pick<World, 'now' | 'sleep'>;
	#config: ResolvedConfig;
	#state: UnitState = 'starting';
	readonly #roster: Roster;
	readonly #groups: ReplicaGroups;
	readonly #life = new AbortController();
	readonly #addOns: readonly AddOn[];
	#spawn: SpawnChild;
	readonly #ending = new UnitEnding();
	readonly #commandHost: CommandHost;
	#finish: (code: number) => void = () => {};
	readonly #statusTexts: (name: string) => string | null;
	readonly #schedules: Schedules;
	readonly #watches: Watches;
	// One for the unit: each stop reads its child's tree, not all of /proc (proc/subtree-reader.ts).
	readonly #subtrees: SubtreeReader | undefined;

	constructor(config: ResolvedConfig, private readonly options: SupervisorOptions) {
		this.#config = config;
		this.#subtrees = options.world.procTable === null ? undefined : new SubtreeReader(options.world.procTable);
		// Every add-on, process and timer of the unit hangs off this one signal, each with one listener removed when it
		// ends: more than ten at once is the design, not a leak (test/abort-scope.ts), so Node's heuristic is off for it.
		setMaxListeners(0, this.#life.signal);
		this.events = options.events;
		this.clock = {now: options.world.now, sleep: options.world.sleep};
		this.#addOns = options.addOns ?? [];
		this.#spawn = options.world.spawn;
		this.#roster = new Roster(this.#create(config.main), config.sidecars.map(spec => this.#create(spec)));
		this.#groups = new ReplicaGroups(() => this.#config, this.#roster);
		this.finished = new Promise(resolve => {
			this.#finish = resolve;
		});
		this.#statusTexts = followStatusTexts(this.events, this.#life.signal);
		this.#schedules = new Schedules(options.scheduleStore, options.random, (spec, tag) => new ConcurrentRun(spec, tag, this.#host(), this.#life.signal));
		this.#watches = new Watches(options.watch?.mode, options.watch);
		this.#commandHost = {
			name: config.name,
			roster: this.#roster,
			events: this.events,
			ending: this.#ending,
			groups: this.#groups,
			world: options.world,
			config: () => this.#config,
			create: spec => this.#create(spec),
			prepare: async specs => this.#prepare(specs),
			startMembers: async (members: UnitMember[], groups?: GroupLookup) => this.#startMembers(members, groups),
			reload: async () => this.#reload(),
			schedules: this.#schedules,
		};
	}

	get name(): string {
		return this.#config.name;
	}

	get pid(): number {
		return this.options.pid;
	}

	get config(): ResolvedConfig {
		return this.#config;
	}

	get state(): UnitState {
		return this.#state;
	}

	get suspension(): SuspendClock | undefined {
		return this.options.jobControl?.clock;
	}

	processes(): readonly ProcessView[] {
		return this.#roster.all();
	}

	process(name: string): ProcessView | undefined {
		return this.#roster.get(name);
	}

	async run(): Promise<number> {
		routeUnitSignals(this.options.world.signals, {
			config: this.#config,
			mainHasTerminal: () => this.options.interactiveMain === true && this.#roster.main.pid !== null && this.#ending.request === null,
			dispatch: async command => this.dispatch(command),
			pids: () => this.#roster.all().map(({pid}) => pid),
			warn: this.options.warn ?? (() => {}),
		}, this.options.jobControl, this.#life.signal);
		attachConfigTriggers(this, this.events, this.#life.signal, {schedules: this.#schedules, groups: this.#groups, watches: this.#watches});
		const detachers: Detach[] = [];
		try {
			await attachAddOns(this.#addOns, this, this.#life.signal, detachers);

			// Outermost: a command that cannot start is reported before any add-on puts a prelude in front of it.
			this.#spawn = refuseUnstartable(this.#addOns.reduce((spawn, addOn) => addOn.wrapSpawn?.(spawn) ?? spawn, this.options.world.spawn));
			await this.#prepare([this.#config.main, ...this.#config.sidecars]);
			const code = await runUnit({
				roster: this.#roster,
				ending: this.#ending,
				events: this.events,
				config: () => this.#config,
				start: member => this.#start(member),
				enter: event => this.#enter(event),
				world: this.options.world,
				groups: this.#groups.lookup,
			});
			await this.events.untilOutputsEnd(OUTPUT_END_MS);
			this.#finish(code);
			return code;
		} finally {
			await this.#schedules.drain(); // Extra runs of a task (overlap 'allow'), stopped as the stop began.
			this.#enter('allStopped');
			this.#life.abort();
			for (const detach of detachers) {
				await detach();
			}
		}
	}

	// The one door for every change (unit-commands.ts): checked against unit-command-table.ts, then handled by
	// command-handlers.ts; a refusal rejects with its SidecarError, the exit code saying why.
	async dispatch<C extends UnitCommand>(command: C): Promise<CommandResult<C>> {
		const refusal = refuseCommand(command, {
			name: this.name,
			state: this.#ending.request !== null && this.#state === 'running' ? 'stopping' : this.#state,
			canReload: this.options.reloadConfig !== undefined,
			processes: () => this.#roster.all(),
			groups: () => this.#groups.names(),
		});
		if (refusal !== null) {
			throw refusal;
		}

		const handle = commandHandlers[command.type] as unknown as (command: C, host: CommandHost) => Promise<CommandResult<C>>; // Indexed by the command's own type.
		return handle(command, this.#commandHost);
	}

	snapshot(): UnitSnapshot {
		const usage = (member: ProcessView) => usageOf(this.#addOns, member.name);
		return snapshotUnit(this.name, this.options.pid, this.#roster.all(), this.options.world.now(), usage, this.#statusTexts, this.#groups.views(), name => this.#schedules.view(name), ({name, spec}) => this.#watches.view(name, spec.replica?.group));
	}

	// Re-reads the config and applies the difference (docs/control.md, Reload).
	async #reload(): Promise<ConfigDiff> {
		const next = await this.options.reloadConfig!();
		// Against what runs: a `sidecar scale` since the last config changed the instances (a reload returns to its count).
		const diff = diffConfig({...this.#config, sidecars: this.#roster.sidecars().map(member => member.spec)}, next);
		this.#config = appliedConfig(this.#config, next);
		this.#groups.reset();
		await applyReload({
			roster: this.#roster,
			create: spec => this.#create(spec),
			start: member => this.#start(member),
			prepare: async specs => this.#prepare(specs),
			scope: this.#life.signal,
			sleep: this.options.world.sleep,
			groups: this.#groups.lookup,
		}, diff, next);
		this.events.publish({event: 'reloaded', name: this.name, added: diff.added, changed: diff.changed, removed: diff.removed});
		return diff;
	}

	#create(spec: ResolvedProcess): UnitMember {
		return createMember(spec, this.#host(), this.#life.signal);
	}

	// A process's view of the unit's world: the spawn with the add-ons' preludes, SIDECAR_* env, clock, kill, /proc.
	#host(): ProcessHost {
		const {now, sleep, kill, procTable} = this.options.world;
		return {
			spawn: (child, env) => this.#spawn(child, env),
			events: this.events,
			now,
			sleep,
			kill,
			procTable,
			subtrees: this.#subtrees,
			random: Math.random,
			env: name => childEnv(name, {supervisorPid: this.options.pid, socketPath: this.options.socketPath, roster: this.#roster, groups: this.#groups}),
			suspension: this.options.jobControl?.clock,
		};
	}

	async #prepare(specs: readonly ResolvedProcess[]): Promise<void> {
		for (const addOn of this.#addOns) {
			await addOn.prepare?.(specs);
		}
	}

	// Started as start-up starts them: each once its dependencies are met, gated on its readiness (a group's instances
	// together, staggered, on minReady of them).
	async #startMembers(members: UnitMember[], groups = this.#groups.lookup): Promise<void> {
		await startGroup(members, name => this.#roster.get(name), started => this.#start(started), this.#life.signal, this.options.world.sleep, undefined, groups);
	}

	#start(member: UnitMember): void {
		this.#roster.markStarted(member);
		member.start();
	}

	// A stop begins once, whatever its causes (main's exit, a signal, `sidecar stop`, a failed start-up).
	#enter(event: UnitStateEvent): void {
		if (event !== 'stop' || this.#state !== 'stopping') {
			this.#state = nextUnitState(this.#state, event);
			this.events.publish({event: 'unit-state', name: this.name});
		}
	}
}
