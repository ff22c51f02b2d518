// `kill -9` of the supervisor: how many of its descendants (recorded just before) still run 2 s later.
// Each sidecar forks a grandchild, so a supervisor that only kills its direct children is caught too.
import {readFileSync, rmSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';
import {descendants, isAlive} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

const WAIT_MS = 2000;

export const kill9 = {
	id: 'kill9',
	title: 'Survivors 2 s after `kill -9` of the supervisor',
	about: 'Main + 3 sidecars, each sidecar with a grandchild. Every descendant of the supervisor is recorded before the kill (its own helpers included).',
	metrics: [{key: 'survivors', label: 'survivors', better: 'lower'}, {key: 'recorded', label: 'processes recorded'}],
	subjects: peers => peers.map(peer => peer.name),
	async measure(subject, {peers}) {
		const unit = startUnit(peers.get(subject), {sidecars: 3, fork: true});
		const name = subject === 'sidecar' ? JSON.parse(readFileSync(`${unit.dir}/sidecar.config.json`, 'utf8')).name : undefined;
		try {
			await unit.ready();
			await sleep(300);
			const pids = [...new Set([...descendants(unit.pid), ...unit.workload()])].filter(pid => pid !== unit.pid);
			process.kill(unit.pid, 'SIGKILL');
			await sleep(WAIT_MS);
			return {survivors: pids.filter(pid => isAlive(pid)).length, recorded: pids.length};
		} finally {
			await unit.close();
			if (name !== undefined) {
				// The record a SIGKILLed supervisor leaves for its next run: this unit name has none.
				const {socketPath} = await import('../../dist/lib/control/socket-path.js');
				rmSync(socketPath(name).replace(/\.sock$/, '.pids'), {force: true});
				rmSync(socketPath(name), {force: true});
			}
		}
	},
	targets(results) {
		const survivors = results.get('sidecar')?.survivors;
		return survivors ? [{text: '0 survivors after `kill -9`', figure: `${survivors.max} (max)`, pass: survivors.max === 0}] : [];
	},
};
