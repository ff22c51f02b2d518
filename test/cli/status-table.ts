import test from 'ava';
import {renderTable, statusRows} from '../../lib/cli/status-table.js';
import type {StatusGroup, StatusProcess} from '../../lib/control/protocol.js';

const row = (name: string, group: string | null, state: StatusProcess['state'], pid: number | null): StatusProcess => ({
	name, group, kind: name === 'main' ? 'main' : 'sidecar', run: 'always', pid, state, waitingFor: null, ready: state === 'running', statusText: null,
	healthy: true, restarts: 0, uptimeMs: pid === null ? null : 5000, cpu: null, memory: null, limits: {enforcement: 'none'}, lastExit: null,
});

test('instances are indented under their group\'s row: its state, ready of desired, and the config\'s count after a scale', t => {
	const processes = [row('main', null, 'running', 10), row('worker-0', 'worker', 'running', 11), row('worker-1', 'worker', 'stopped', null), row('proxy', null, 'running', 13)];
	const groups: StatusGroup[] = [
		{name: 'worker', state: 'degraded', ready: 1, desired: 2, configured: 3, instances: ['worker-0', 'worker-1']},
		{name: 'idle', state: 'running', ready: 0, desired: 0, configured: 2, instances: []},
	];
	t.is(renderTable(statusRows(processes, groups)), [
		'NAME        STATE                             PID  UPTIME  RESTARTS  CPU  MEMORY  READY  ENFORCEMENT',
		'main        running                           10   5s      0         -    -       yes    none',
		'worker      degraded (scaled to 2, config 3)  -    -       -         -    -       1/2    -',
		'  worker-0  running                           11   5s      0         -    -       yes    none',
		'  worker-1  stopped                           -    -       0         -    -       no     none',
		'proxy       running                           13   5s      0         -    -       yes    none',
		'idle        running (scaled to 0, config 2)   -    -       -         -    -       0/0    -',
	].join('\n'));
});

test('a watch follows the state: the directories it watches, or failed, or suspended', t => {
	const watch = (state: 'watching' | 'failed' | 'suspended', directories: number) => ({state, directories, actions: 0, lastFile: null, lastAction: null, lastResult: null});
	const processes = [{...row('main', null, 'running', 10), watch: watch('watching', 214)}, {...row('nginx', null, 'running', 11), watch: watch('suspended', 0)}, {...row('conf', null, 'running', 12), watch: watch('watching', 1)}];
	t.deepEqual(statusRows(processes).slice(1).map(cells => cells[1]), ['running, watching 214 dirs', 'running, watch suspended', 'running, watching 1 dir']);
});
