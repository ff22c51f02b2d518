// SIGTERM → supervisor exit, and main exit → unit gone with main's code: main + 3 sidecars that
// cooperate (Node's default SIGTERM action: exit at once).
import {spawn} from 'node:child_process';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {FIXTURES} from '../lib/peers.js';
import {isAlive, nowMs} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

// The same stop order in a bare Node script (fixtures/sequential.js): what keeping it costs before any supervisor's own work.
const FLOOR = 'floor: node stopping them one at a time';
const floorPeer = {
	name: FLOOR,
	launch: unit => spawn(process.execPath, [path.join(FIXTURES, 'sequential.js'), JSON.stringify([unit.main, ...unit.sidecars].map(spec => spec.command))], {cwd: unit.dir, stdio: 'ignore'}),
};
const PARALLEL = 'sidecar, `shutdown: \'parallel\'`';
const peerOf = (subject, peers) => subject === FLOOR ? floorPeer : peers.get(subject === PARALLEL ? 'sidecar' : subject);
const orderOf = subject => subject === PARALLEL ? {shutdown: 'parallel'} : {};
const orderWhy = results => {
	const floor = results.get(FLOOR)?.ms?.median;
	return `docs/lifecycle.md stops main, then each sidecar in reverse order, each gone before the next: that order alone costs ${floor?.toFixed(1) ?? '?'} ms in a bare Node script (the floor row), which leaves ${floor === undefined ? '?' : (15 - floor).toFixed(1)} ms of the target for the supervisor's events, state changes, group checks, orphan record and control socket; \`shutdown: 'parallel'\` is the faster order for units that allow it`;
};

const GIVE_UP_MS = 5000;
const late = ms => new Promise(resolve => setTimeout(resolve, ms, undefined));

// Starts the unit, lets it settle, runs `act`, and measures until the supervisor exits (or GIVE_UP_MS).
async function timeExit(peer, act, options) {
	const unit = startUnit(peer, {sidecars: 3, ...options});
	try {
		await unit.ready();
		await sleep(300);
		const workload = [...unit.workload()];
		const start = nowMs();
		act(unit);
		const exit = await Promise.race([unit.exited, late(GIVE_UP_MS)]);
		if (exit === undefined) {
			return {note: `still running ${GIVE_UP_MS / 1000} s later (${workload.filter(pid => isAlive(pid)).length} of ${workload.length} processes up)`};
		}

		return {ms: exit.at - start, code: exit.code ?? 128 + 15, left: workload.filter(pid => isAlive(pid)).length};
	} finally {
		await unit.close();
	}
}

export const sigterm = {
	id: 'sigterm',
	title: 'SIGTERM → supervisor exit',
	about: 'Main + 3 sidecars that exit on SIGTERM. From the signal to the supervisor\'s own exit; "left" counts workload processes still up at that moment.',
	metrics: [{key: 'ms', label: 'ms', better: 'lower'}, {key: 'left', label: 'left running'}],
	subjects: peers => [...peers.map(peer => peer.name), PARALLEL, FLOOR],
	measure: async (subject, {peers}) => timeExit(peerOf(subject, peers), unit => process.kill(unit.pid, 'SIGTERM'), orderOf(subject)),
	targets(results) {
		const ms = results.get('sidecar')?.ms;
		const left = results.get('sidecar')?.left;
		return ms ? [{
			text: 'SIGTERM → exit ≤ 15 ms, nothing left (4 cooperating children)', figure: `${ms.median.toFixed(1)} ms, ${left.max} left`, pass: ms.median <= 15 && left.max === 0,
			why: orderWhy(results),
		}] : [];
	},
};

export const mainExit = {
	id: 'main-exit',
	title: 'Main exits 3 → unit gone with its code',
	about: 'Main exits with code 3 (on SIGUSR2, sent to main itself). concurrently runs with --kill-others --success first; pm2-runtime with autorestart off for main; supervisord has no notion of a main process.',
	metrics: [{key: 'ms', label: 'ms', better: 'lower'}, {key: 'code', label: 'exit code'}, {key: 'left', label: 'left running'}],
	subjects: peers => [...peers.map(peer => peer.name), PARALLEL, FLOOR],
	measure: async (subject, {peers}) => timeExit(peerOf(subject, peers), unit => process.kill(unit.stamp('main').pid, 'SIGUSR2'), {killOthers: true, ...orderOf(subject)}),
	targets(results) {
		const own = results.get('sidecar');
		return own?.code ? [{
			text: 'main exits 3 → unit gone ≤ 15 ms, code 3, nothing left', figure: `code ${own.code.median}, ${own.ms.median.toFixed(1)} ms, ${own.left.max} left`,
			pass: own.code.min === 3 && own.code.max === 3 && own.ms.median <= 15 && own.left.max === 0,
			why: orderWhy(results),
		}] : [];
	},
};
