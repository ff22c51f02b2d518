import {ALIVE_COUNTS_AS_READY} from '../config/defaults.js';
import type {ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {childScope} from '../abort-scope.js';
import {SpawnRun, type RunOwner} from './spawn-run.js';
import {StateCell} from './state-cell.js';
import {isReadyState} from './states.js';
import type {ProcessHost} from './unit-member.js';

// An owner whose state changes nobody sees: a next generation's until it is ready, a replaced one's as it stops.
// `recycle`: what a failed postStart hook of the next generation does (stop it).
const quietOwner = (name: string, recycle: RunOwner['recycle'] = async () => {}): RunOwner =>
	({state: new StateCell(name, {publish() {}}), recycle, onProbeFailure() {}});

// `restart --overlap` (docs/sockets.md, Restarts): a second spawn of a running process, beside the first, with a state
// of its own until it is ready, then handed to `owner` (the process's). Its `starting` and `ready` events and its
// lines are the process's, as any spawn's. It must be ready within its readiness timeout (10 s without a probe, where
// 1 s alive is ready); otherwise it is stopped and this throws, and the spawn it was to replace runs on. So it does
// when `cancel` aborts (the process is being stopped).
export async function startNextGeneration(spec: ResolvedProcess, host: ProcessHost, owner: RunOwner, until: AbortSignal, cancel: AbortSignal): Promise<SpawnRun> {
	let next: SpawnRun | undefined;
	const own = quietOwner(spec.name, async reason => next?.stop(reason));
	const run = new SpawnRun(spec, host, own, until);
	next = run;
	const scope = childScope(cancel);
	const limit = spec.readiness?.timeout ?? ALIVE_COUNTS_AS_READY * 10;
	const ready = own.state.until(() => isReadyState(own.state.current, spec.run), () => null).then(() => 'ready' as const);
	const outcome = await Promise.race([ready, run.ended.then(() => 'exited' as const), host.sleep(limit, scope.signal).then(slept => slept ? 'timed out' as const : 'cancelled' as const)]);
	scope.abort();
	if (outcome !== 'ready') {
		await run.stop(`not ready for restart --overlap (${outcome})`);
		await run.ended;
		const why = {exited: 'it exited before it was ready', 'timed out': `it was not ready after ${limit}ms`, cancelled: 'the process is being stopped'}[outcome];
		throw new SidecarError(`unable to restart ${spec.name} with overlap: the new ${spec.name} (pid ${run.pid ?? 'none'}) failed, ${why}; the running one serves on`, EXIT.unavailable);
	}

	run.reown(owner);
	return run;
}

// The replaced generation stops through its stop path (preStop, stopSignal, stopTimeout), its states its own.
export async function retire(run: SpawnRun, reason: string): Promise<void> {
	run.reown(quietOwner(run.spec.name));
	await run.stop(reason);
	await run.ended;
}
