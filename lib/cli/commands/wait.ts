import {setTimeout as sleep} from 'node:timers/promises';
import {parseDuration} from '../../config/units.js';
import {isNotListening, requestOnce} from '../../control/client.js';
import {EXIT, SidecarError, UsageError} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {findUnit} from '../unit-socket.js';

// Between two `ready` requests: one snapshot over the unix socket costs the supervisor microseconds, so four a second
// is gentle, and a deploy script hears of readiness within a quarter second.
const POLL_MS = 250;

// `sidecar wait [--timeout 60s] [--for ready|NAME]`: exits 0 once the unit (or one process, or every instance of a
// replicated sidecar) is ready, 69 at the timeout with the reasons it is not (docs/cli.md). A unit not started yet is
// waited for too: `sidecar run &` then `sidecar wait` is the deploy script's order.
export async function wait(args: string[]): Promise<number> {
	const {values} = parseCommand('wait', args);
	const timeout = parseDuration(String(values.timeout ?? '60s'));
	if (timeout === undefined) {
		throw new UsageError(`wait: --timeout got ${JSON.stringify(values.timeout)}, expected a duration like 30s, 2m or 500ms`);
	}

	const target = String(values.for ?? 'ready');
	const name = target === 'ready' ? null : target;
	const unit = await findUnit(values, process.cwd());
	const deadline = Date.now() + timeout;
	let why: string[] = [];
	for (;;) {
		// No supervisor yet (or one going away): keep waiting, and say so at the timeout.
		const reply = await requestOnce(unit.socket, {type: 'ready', name}, AbortSignal.timeout(5000)).catch((error: unknown) => {
			why = [isNotListening(error) ? `no supervisor named ${unit.name} is running (socket ${unit.socket})` : `the supervisor did not answer: ${(error as Error).message}`];
		});
		if (reply !== undefined && !reply.ok) {
			throw new SidecarError(reply.error, reply.exitCode);
		}

		if (reply?.ready === true) {
			await printOut(`${name ?? `unit ${unit.name}`} is ready`);
			return EXIT.ok;
		}

		why = reply === undefined ? why : reply.reasons;
		const left = deadline - Date.now();
		if (left <= 0) {
			throw new SidecarError(`unable to wait for ${name ?? `unit ${unit.name}`}: not ready after ${timeout}ms (${why.join('; ')})`, EXIT.unavailable);
		}

		await sleep(Math.min(POLL_MS, left));
	}
}
