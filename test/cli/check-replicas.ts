import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

// `sidecar check` shows each replicated sidecar's instances under their group, with the values each one gets.
test('check lists each instance under its group with SIDECAR_REPLICA, SIDECAR_PORT and its command', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['sh', '-c', 'true']},
		sidecars: {
			worker: {command: ['sh', '-c', 'exec serve --port ${SIDECAR_PORT} --id ${SIDECAR_REPLICA}'], critical: true, replicas: {count: 3, port: {base: 9000, step: 2}, minReady: 2, stagger: '500ms'}},
			pool: {command: 'work ${SIDECAR_REPLICA}', replicas: 2},
			idle: {command: ['sh', '-c', 'true'], replicas: 0},
		},
	}});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.deepEqual(stderr.trim().split('\n'), [
		'sidecar: note: sidecars.worker: 3 instances (SIDECAR_REPLICAS=3), ready when 2 are, ports from 9000 by 2, started 500ms apart; critical: the unit stops (exit 70) once fewer than 2 can be ready',
		'sidecar: note:   worker-0: SIDECAR_REPLICA=0 SIDECAR_PORT=9000  sh -c "exec serve --port 9000 --id 0"',
		'sidecar: note:   worker-1: SIDECAR_REPLICA=1 SIDECAR_PORT=9002  sh -c "exec serve --port 9002 --id 1"',
		'sidecar: note:   worker-2: SIDECAR_REPLICA=2 SIDECAR_PORT=9004  sh -c "exec serve --port 9004 --id 2"',
		'sidecar: note: sidecars.pool: 2 instances (SIDECAR_REPLICAS=2), ready when 2 are',
		'sidecar: note:   pool-0: SIDECAR_REPLICA=0  /bin/sh -c "work 0"',
		'sidecar: note:   pool-1: SIDECAR_REPLICA=1  /bin/sh -c "work 1"',
		'sidecar: note: sidecars.idle: replicas: 0, no instances (the template is checked)',
	]);
	const config = JSON.parse(stdout) as {sidecars: Array<{name: string; replica: unknown}>; groups: Array<{name: string; count: number}>};
	t.deepEqual(config.sidecars.map(({name, replica}) => [name, replica]), [
		['worker-0', {group: 'worker', index: 0, port: 9000}],
		['worker-1', {group: 'worker', index: 1, port: 9002}],
		['worker-2', {group: 'worker', index: 2, port: 9004}],
		['pool-0', {group: 'pool', index: 0, port: null}],
		['pool-1', {group: 'pool', index: 1, port: null}],
	]);
	t.deepEqual(config.groups.map(({name, count}) => [name, count]), [['worker', 3], ['pool', 2], ['idle', 0]]);
});

test('a warning or a not-started note about a group is said once, by the group\'s name', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['sh', '-c', 'true']},
		sidecars: {
			ghost: {command: ['definitely-not-a-binary'], replicas: 3},
			later: {command: ['sh', '-c', 'true'], enabled: false, replicas: 2},
		},
	}});
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	const lines = stderr.trim().split('\n').filter(line => !line.startsWith('sidecar: note:   '));
	t.deepEqual(lines, [
		'sidecar: warning: sidecars.ghost.command: definitely-not-a-binary: not found',
		'sidecar: note: sidecars.later is not started with the unit: it has enabled: false (start it with `sidecar start later`)',
		'sidecar: note: sidecars.ghost: 3 instances (SIDECAR_REPLICAS=3), ready when 3 are',
		'sidecar: note: sidecars.later: 2 instances (SIDECAR_REPLICAS=2), ready when 2 are',
	]);
});

test('an invalid replicated sidecar exits 78 and prints no instances', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['sh', '-c', 'true']}, sidecars: {worker: {command: 'w ${SIDECAR_PORT}', replicas: 2}}}});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.is(stdout, '');
	t.is(stderr.trim(), 'sidecar: sidecars.worker.replicas.port: got nothing, expected a port (or {base, step}): the entry uses ${SIDECAR_PORT}');
});
