// Sidecar exit → restarted, with zero backoff: a bash sidecar stamps its start and its exit ($EPOCHREALTIME)
// and exits 1 at once; the gap is the next start less the previous exit. The floor is a node respawn loop.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {waitFor} from '../lib/proc.js';
import {FIXTURES} from '../lib/peers.js';
import {startUnit} from '../lib/unit.js';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 5);
const LOOP = 'floor: `spawn` again on `exit` in node';
const GUARDED = 'floor: the same loop behind `setpriv --pdeathsig KILL`';
const hasSetpriv = () => {
	try {
		execFileSync('setpriv', ['--pdeathsig', 'KILL', 'true'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};
const CRASH = path.join(FIXTURES, 'crash.sh');

// [{s, e}] per start, in ms.
const starts = dir => {
	const file = path.join(dir, 'crash');
	const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
	const rows = lines.map(line => line.split(' ')).filter(([, t]) => t);
	return rows.filter(([kind]) => kind === 's').map((row, i) => ({s: Number(row[1]) * 1000, e: Number(rows.filter(([kind]) => kind === 'e')[i]?.[1]) * 1000}));
};

const gaps = dir => {
	const list = starts(dir).slice(0, RESTARTS + 1);
	return {first: [list[1].s - list[0].e], each: list.slice(1).map((start, i) => start.s - list[i].e)};
};

// The respawn loop, with the command behind `prefix` (the supervisor's parent-death guard: one more exec).
async function loop(prefix = []) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	let left = RESTARTS + 1;
	const [file, ...args] = [...prefix, CRASH, dir];
	const again = () => spawn(file, args, {stdio: 'ignore'}).once('exit', () => --left > 0 && again());
	again();
	await waitFor(() => starts(dir).length > RESTARTS && !Number.isNaN(starts(dir)[RESTARTS].e), 20_000, 'respawn loop');
	const result = gaps(dir);
	rmSync(dir, {recursive: true, force: true});
	return result;
}

export const restart = {
	id: 'restart',
	title: 'Sidecar exit → restart, zero backoff',
	about: `A sidecar that exits 1 at once, ${RESTARTS} restarts per run (sidecar: backoff.initial 0, start 'after'; pm2: restart_delay 0; concurrently: --restart-after 0; supervisord: startsecs 0).`,
	metrics: [{key: 'first', label: 'first restart ms', better: 'lower'}, {key: 'each', label: 'every restart ms', better: 'lower'}],
	subjects: peers => [...peers.map(peer => peer.name), LOOP, ...(hasSetpriv() ? [GUARDED] : [])],
	async measure(subject, {peers}) {
		if (subject === LOOP || subject === GUARDED) {
			return loop(subject === GUARDED ? ['setpriv', '--pdeathsig', 'KILL', '--'] : []);
		}

		const unit = startUnit(peers.get(subject), {sidecars: 0, restart: true, extra: [dir => ({name: 'crash', command: [CRASH, dir], after: true})]});
		try {
			await waitFor(() => starts(unit.dir).length > RESTARTS, 30_000, `${subject}: ${RESTARTS} restarts`);
			return gaps(unit.dir);
		} finally {
			await unit.close();
		}
	},
	targets(results) {
		const own = results.get('sidecar');
		const peers = ['pm2-runtime', 'concurrently', 'supervisord'].filter(name => results.get(name)?.first);
		const floor = results.get(LOOP)?.each?.median;
		const guarded = results.get(GUARDED)?.each?.median;
		const why = `Node's own respawn loop takes ${floor?.toFixed(1) ?? '?'} ms here, ${guarded?.toFixed(1) ?? '?'} ms behind setpriv (the parent-death guard: one more exec; the floor rows); the supervisor then adds ~0.5 ms from the exit event to the spawn call (pipes settled, the restart policy, events, the orphan guard's record) and a fork of a larger process`;
		return own === undefined || peers.length === 0 ? [] : ['first', 'each'].map(key => {
			const best = Math.min(...peers.map(name => results.get(name)[key].median));
			return {text: `exit → restart (${key === 'first' ? 'first' : 'every'} restart) ≤ 0.8 × the best peer`, figure: `${own[key].median.toFixed(2)} ms vs ${(0.8 * best).toFixed(2)} ms`, pass: own[key].median <= 0.8 * best, why};
		});
	},
};
