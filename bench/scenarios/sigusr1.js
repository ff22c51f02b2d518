// SIGUSR1 to the supervisor → main's handler runs (main stamps CLOCK_MONOTONIC at receipt), against the same
// signal sent to main directly, alternating in one run.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {isAlive, nowMs, waitOrUndefined} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

const PAIRS = Number(process.env.BENCH_SIGNAL_PAIRS ?? 5);

const receipts = dir => existsSync(path.join(dir, 'main.usr1'))
	? readFileSync(path.join(dir, 'main.usr1'), 'utf8').trim().split('\n').map(Number) : [];

async function send(unit, pid) {
	const count = receipts(unit.dir).length;
	const start = nowMs();
	process.kill(pid, 'SIGUSR1');
	const at = await waitOrUndefined(() => receipts(unit.dir)[count], 1000, 0.5);
	return at === undefined ? undefined : at - start;
}

export const sigusr1 = {
	id: 'sigusr1',
	title: 'SIGUSR1 to the supervisor → main\'s handler',
	about: `Per run ${PAIRS} pairs, each: to main directly, then to the supervisor. "added" is the difference within a pair. A peer that does not forward within 1 s is noted (and whether it survived the signal).`,
	metrics: [{key: 'via', label: 'via supervisor ms', better: 'lower'}, {key: 'direct', label: 'direct ms'}, {key: 'added', label: 'added ms', better: 'lower'}],
	subjects: peers => peers.map(peer => peer.name),
	async measure(subject, {peers}) {
		const unit = startUnit(peers.get(subject), {sidecars: 0});
		try {
			const {pid} = await unit.ready(['main']).then(() => unit.stamp('main'));
			await sleep(300);
			const result = {via: [], direct: [], added: []};
			for (let i = 0; i < PAIRS; i++) {
				const direct = await send(unit, pid);
				const via = await send(unit, unit.pid);
				if (via === undefined) {
					return {note: `not forwarded${isAlive(unit.pid) ? '' : '; the supervisor died of it'}`};
				}

				result.via.push(via);
				result.direct.push(direct);
				result.added.push(via - direct);
			}

			return result;
		} finally {
			await unit.close();
		}
	},
	targets(results) {
		const added = results.get('sidecar')?.added;
		return added ? [{text: 'SIGUSR1 forwarding within 1 ms of sending to main directly', figure: `+${added.median.toFixed(3)} ms`, pass: added.median <= 1}] : [];
	},
};
