import {procRoot} from '../proc/proc-table.js';
import {endStrays, type Strays} from '../process/strays.js';
import type {AddOn, UnitHandle} from '../supervisor/add-on.js';
import {loadLibc, type Libc} from './libc.js';
import {ownChildren, ZombieReaper} from './reaper.js';

const LOST_AS_PID_1 = 'orphaned processes are not reaped and stay zombies; install koffi (npm install koffi@3), or run under tini or dumb-init (docker run --init)';
const LOST = 'a process that daemonizes (forks and lets its parent exit) is reparented to init and may outlive the unit; install koffi (npm install koffi@3)';

// Init duties (docs/host.md, PID 1 and orphans). As PID 1 the supervisor reaps the zombies it adopts; otherwise it makes
// itself a child subreaper, so a descendant that daemonizes is reparented to it, not to init, and stays in the unit's
// charge: it is reaped when it dies and ended when the unit stops. Both need libc calls Node lacks (host/libc.ts).
export function initDutiesAddOn(load: () => Libc | {error: string} = loadLibc, pid = process.pid): AddOn {
	const spawned = new Set<number>();
	return {
		name: 'init duties',
		async attach(unit) {
			if (procRoot() === null) {
				return; // No /proc (macOS, the BSDs, SIDECAR_PROC_TABLE=off): nothing to scan, docs/host.md says what holds.
			}

			const libc = load();
			if ('error' in libc) {
				unit.events.report({event: 'helper-missing', name: unit.name, program: 'koffi', lost: pid === 1 ? LOST_AS_PID_1 : LOST, reason: libc.error});
				return;
			}

			const subreaper = pid !== 1 && libc.setChildSubreaper(true);
			const scope = new AbortController(); // Beyond the unit's signal: the detach below still reaps what it ends.
			new ZombieReaper(libc.reap, child => spawned.has(child)).start(process, scope.signal);
			return async () => {
				await endAdopted(spawned, stopGrace(unit));
				if (subreaper) {
					libc.setChildSubreaper(false);
				}

				scope.abort();
			};
		},
		wrapSpawn: spawn => (spec, env) => {
			const child = spawn(spec, env);
			if (child.pid > 0) {
				spawned.add(child.pid);
				void child.exited.then(() => spawned.delete(child.pid));
			}

			return child;
		},
	};
}

// The longest stopTimeout of the unit: what an adopted process gets between SIGTERM and SIGKILL.
const stopGrace = ({config}: UnitHandle): number => Math.max(config.main.stopTimeout, ...config.sidecars.map(each => each.stopTimeout));

// The unit has stopped: every live child of the supervisor it did not spawn itself was adopted from the unit (a
// daemonized descendant; as PID 1, any orphan of the container). SIGTERM, then SIGKILL of its tree after `grace`.
async function endAdopted(spawned: ReadonlySet<number>, grace: number): Promise<void> {
	const adopted: Strays = new Map(ownChildren().filter(({pid, state}) => !spawned.has(pid) && state !== 'Z').map(({pid, start}) => [pid, start]));
	await endStrays(adopted, 'SIGTERM', Date.now() + grace); // The wall clock (endStrays' default): a host job, not unit logic.
}
