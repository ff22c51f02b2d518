import test from 'ava';
import {stringify} from 'yaml';
import {interpolateConfig} from '../../lib/config/interpolate.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {configProblems} from '../helpers/config-problems.js';

// Replicated sidecars (docs/config.md, Replicas): instances, per-instance substitution, and what check refuses.
const directory = '/srv/shop';
const main = {command: ['node', 'app.js']};

const problems = (input: unknown): string[] => configProblems(input, directory);

// One worker template using the variables in every place an instance's strings are read.
const worker = {
	command: ['node', 'worker.js', '--port', '${SIDECAR_PORT}', '--id', '${SIDECAR_REPLICA}', '--literal', '$${SIDECAR_REPLICA}'],
	env: {PORT: '${SIDECAR_PORT}', OF: 'of ${SIDECAR_REPLICAS}'},
	cwd: 'work/${SIDECAR_REPLICA}',
	readiness: {tcp: '127.0.0.1:${SIDECAR_PORT}'},
	liveness: {http: 'http://127.0.0.1:${SIDECAR_PORT}/health'},
	hooks: {postStart: ['echo', 'up ${SIDECAR_REPLICA}'], preStop: ['echo', 'down ${SIDECAR_PORT}']},
	drain: {exec: ['drain', '--port=${SIDECAR_PORT}']},
	logs: {file: 'logs/worker-${SIDECAR_REPLICA}.log'},
	replicas: {count: 3, port: {base: 9000, step: 10}, minReady: 2, stagger: '1s'},
};

// What each instance got, in one comparable shape.
const perInstance = (config: ResolvedConfig) => config.sidecars.map(spec => ({
	name: spec.name,
	replica: spec.replica,
	command: spec.command,
	env: {PORT: spec.env.PORT, OF: spec.env.OF},
	cwd: spec.cwd,
	readiness: spec.readiness?.probe,
	liveness: spec.liveness?.probe.kind === 'http' ? spec.liveness.probe.url : null,
	hooks: [spec.hooks.postStart, spec.hooks.preStop],
	drain: spec.drain !== null && 'probe' in spec.drain && spec.drain.probe.kind === 'exec' ? spec.drain.probe.command : null,
	logs: spec.logs.file,
}));

const expected = [0, 1, 2].map(index => {
	const port = 9000 + (index * 10);
	return {
		name: `worker-${index}`,
		replica: {group: 'worker', index, port},
		command: ['node', 'worker.js', '--port', String(port), '--id', String(index), '--literal', '${SIDECAR_REPLICA}'],
		env: {PORT: String(port), OF: 'of 3'},
		cwd: `${directory}/work/${index}`,
		readiness: {kind: 'tcp', host: '127.0.0.1', port},
		liveness: `http://127.0.0.1:${port}/health`,
		hooks: [['echo', `up ${index}`], ['echo', `down ${port}`]],
		drain: ['drain', `--port=${port}`],
		logs: `${directory}/logs/worker-${index}.log`,
	};
});

test('each instance gets its own SIDECAR_REPLICA and SIDECAR_PORT in every string; $${…} stays literal', t => {
	const config = resolveConfig({main, sidecars: {worker}}, directory);
	t.deepEqual(perInstance(config), expected);
	t.like(config.groups[0], {name: 'worker', count: 3, port: {base: 9000, step: 10}, minReady: 2, stagger: 1000, critical: false});
});

test('a YAML or JSON config\'s interpolation leaves the three variables, escaped or not, to the instances', t => {
	const input = {main: {command: ['node', '${APP}']}, sidecars: {worker}};
	const interpolated = interpolateConfig(input, {APP: 'app.js', SIDECAR_PORT: '1', SIDECAR_REPLICA: '7', SIDECAR_REPLICAS: '9'});
	t.deepEqual((interpolated as {sidecars: unknown}).sidecars, {worker}, 'untouched, whatever the environment holds');
	t.deepEqual(perInstance(resolveConfig(interpolated, directory)), expected);
});

test('replicas: N is count N, minReady N, no port, no stagger', t => {
	const config = resolveConfig({main, sidecars: {pool: {command: 'work', replicas: 2}}}, directory);
	t.deepEqual(config.sidecars.map(({name, replica}) => [name, replica]), [['pool-0', {group: 'pool', index: 0, port: null}], ['pool-1', {group: 'pool', index: 1, port: null}]]);
	t.like(config.groups[0], {count: 2, port: null, minReady: 2, stagger: 0});
});

test('outside a replicated sidecar, $${SIDECAR_PORT} is a literal ${SIDECAR_PORT} and ${SIDECAR_PORT} stays for the shell', t => {
	const config = resolveConfig(interpolateConfig({main: {command: 'echo $${SIDECAR_PORT} ${SIDECAR_REPLICA:-none}'}, sidecars: {one: {command: ['x', '$${SIDECAR_REPLICA}']}}}, {}), directory);
	t.deepEqual(config.main.command, ['/bin/sh', '-c', 'echo ${SIDECAR_PORT} ${SIDECAR_REPLICA:-none}']);
	t.deepEqual(config.sidecars[0]!.command, ['x', '${SIDECAR_REPLICA}']);
});

test('replicas: 0 declares a group of no instances, and its template is still checked', t => {
	const config = resolveConfig({main: {...main, dependsOn: ['pool']}, sidecars: {pool: {command: 'work', replicas: 0}}}, directory);
	t.deepEqual(config.sidecars, []);
	t.like(config.groups[0], {name: 'pool', count: 0, minReady: 0});
	t.deepEqual(problems({main, sidecars: {pool: {command: 'work', restart: 'sometimes', replicas: 0}}}), [
		'sidecars.pool.restart: got "sometimes", expected one of \'always\', \'on-failure\', \'never\'',
	]);
});

test('a mistake in the template is reported once, not once per instance', t => {
	t.deepEqual(problems({main, sidecars: {pool: {command: 'work', stopTimeout: 'soon', replicas: 5}}}), [
		'sidecars.pool.stopTimeout: got "soon", expected milliseconds, or a string like "250ms", "10s", "2m"',
	]);
});

test('dependsOn may name a group (its instances) or one instance', t => {
	const config = resolveConfig({main: {...main, dependsOn: ['pool']}, sidecars: {pool: {command: 'work', replicas: 2}, api: {command: 'api', dependsOn: ['pool', 'pool-1']}}}, directory);
	t.deepEqual(config.sidecars.find(({name}) => name === 'api')!.dependsOn.map(({name}) => name), ['pool', 'pool-1']);
	t.deepEqual(config.main.dependsOn.map(({name}) => name), ['pool']);
});

const refused = test.macro((t, input: unknown, lines: string[]) => {
	t.deepEqual(problems(input), lines);
});

test('replicas on main are refused, saying why', refused, {main: {...main, replicas: 2}}, [
	'main.replicas: got 2, expected no replicas on main: a unit has one main, whose exit ends it (run copies as a replicated sidecar, sidecars.NAME.replicas)',
]);
test('replicas on a gate are refused', refused, {main, sidecars: {db: {readiness: {tcp: 'db.internal:5432'}, replicas: 2}}}, [
	'sidecars.db.replicas: got 2, expected no replicas on a gate (it runs nothing to copy)',
]);
test('a port past 65535 for the last instance is refused', refused, {main, sidecars: {pool: {command: 'w', replicas: {count: 3, port: 65_534}}}}, [
	'sidecars.pool.replicas.port: got 65534, expected ports up to 65535 (instance 2 would get 65536)',
]);
test('a step that carries the last port past 65535 is refused', refused, {main, sidecars: {pool: {command: 'w', replicas: {count: 3, port: {base: 65_000, step: 300}}}}}, [
	'sidecars.pool.replicas.port: got {"base":65000,"step":300}, expected ports up to 65535 (instance 2 would get 65600)',
]);
test('minReady above count is refused', refused, {main, sidecars: {pool: {command: 'w', replicas: {count: 2, minReady: 3}}}}, [
	'sidecars.pool.replicas.minReady: got 3, expected at most count (2)',
]);
test('replicas as an object need a count', refused, {main, sidecars: {pool: {command: 'w', replicas: {port: 9000}}}}, [
	'sidecars.pool.replicas.count: got nothing, expected the number of instances, an integer >= 0',
]);
test('a negative or fractional count is refused', refused, {main, sidecars: {pool: {command: 'w', replicas: 1.5}}}, [
	'sidecars.pool.replicas: got 1.5, expected an integer >= 0',
]);
test('${SIDECAR_PORT} with no port is refused', refused, {main, sidecars: {pool: {command: 'w --port ${SIDECAR_PORT}', replicas: 2}}}, [
	'sidecars.pool.replicas.port: got nothing, expected a port (or {base, step}): the entry uses ${SIDECAR_PORT}',
]);
test('a literal $${SIDECAR_PORT} needs no port', refused, {main, sidecars: {pool: {command: 'w --port $${SIDECAR_PORT}', replicas: 2}}}, []);
test('an instance name that is another sidecar\'s is refused', refused, {main, sidecars: {worker: {command: 'w', replicas: 2}, 'worker-1': {command: 'x'}}}, [
	'sidecars.worker: got "worker-1", expected instance names that no other sidecar has ("worker-1" is both an instance of worker and a sidecar of its own)',
]);
test('a group named like another group\'s instance is refused', refused, {main, sidecars: {worker: {command: 'w', replicas: 2}, 'worker-1': {command: 'x', replicas: 1}}}, [
	'sidecars.worker-1: got "worker-1", expected a group name that is no instance\'s ("worker-1" is also an instance of worker)',
]);
test('a port another group\'s instance has is refused', refused, {main, sidecars: {a: {command: 'w', replicas: {count: 2, port: 9000}}, b: {command: 'w', replicas: {count: 2, port: 9001}}}}, [
	'sidecars.b.replicas.port: got 9001, expected ports no other process uses (b-0 would get 9001, which is a-1\'s SIDECAR_PORT)',
]);
test('the metrics port is refused', refused, {main, metrics: {port: 9001}, sidecars: {a: {command: 'w', replicas: {count: 2, port: 9000}}}}, [
	'sidecars.a.replicas.port: got 9001, expected ports no other process uses (a-1 would get 9001, which is the metrics port)',
]);
test('the default metrics port is refused too', refused, {main, metrics: {}, sidecars: {a: {command: 'w', replicas: {count: 1, port: 9464}}}}, [
	'sidecars.a.replicas.port: got 9464, expected ports no other process uses (a-0 would get 9464, which is the metrics port)',
]);
test('a sidecar\'s tcp readiness port is refused', refused, {main, sidecars: {db: {command: 'db', readiness: {tcp: 9001}}, a: {command: 'w', replicas: {count: 2, port: 9000}}}}, [
	'sidecars.a.replicas.port: got 9001, expected ports no other process uses (a-1 would get 9001, which is db\'s tcp readiness port)',
]);
test('main\'s tcp readiness port is refused', refused, {main: {...main, readiness: {tcp: '127.0.0.1:9001'}}, sidecars: {a: {command: 'w', replicas: {count: 2, port: 9000}}}}, [
	'sidecars.a.replicas.port: got 9001, expected ports no other process uses (a-1 would get 9001, which is main\'s tcp readiness port)',
]);
test('a gate\'s port on another host is no collision', refused, {main, sidecars: {db: {readiness: {tcp: 'db.internal:9001'}}, a: {command: 'w', replicas: {count: 2, port: 9000}}}}, []);
test('one log file for every instance is refused', refused, {main, sidecars: {a: {command: 'w', logs: {file: 'logs/a.log'}, replicas: 2}}}, [
	'sidecars.a.logs.file: got "/srv/shop/logs/a.log", expected a file per instance: put ${SIDECAR_REPLICA} in its name, like "logs/worker-${SIDECAR_REPLICA}.log"',
]);
test('a dependency cycle through a group is refused at the group\'s path', refused, {main, sidecars: {pool: {command: 'w', replicas: 2, dependsOn: ['api']}, api: {command: 'a', dependsOn: ['pool']}}}, [
	'sidecars.pool.dependsOn: got "pool-0 → api → pool-0", expected no dependency cycle',
]);
test('a group that depends on itself is a cycle', refused, {main, sidecars: {pool: {command: 'w', replicas: 2, dependsOn: ['pool']}}}, [
	'sidecars.pool.dependsOn: got "pool-0 → pool-0", expected no dependency cycle',
]);
test('dependsOn naming neither a sidecar nor a group lists both', refused, {main: {...main, dependsOn: ['poll']}, sidecars: {pool: {command: 'w', replicas: 1}}}, [
	'main.dependsOn: got "poll", expected one of the sidecars: pool, pool-0',
]);

// The same worker in the three kinds of config, through the CLI: what `check` prints is the same.
const yamlWorker = stringify({main, sidecars: {worker}});
const tsWorker = `import {defineConfig} from 'sidecar';\nexport default defineConfig(${JSON.stringify({main, sidecars: {worker}})});\n`;
for (const [file, contents] of [['sidecar.config.json', {main, sidecars: {worker}}], ['sidecar.config.yaml', yamlWorker], ['sidecar.config.ts', tsWorker]] as const) {
	test(`check resolves each instance of a ${file.split('.').pop()!} config alike`, async t => {
		const cwd = makeProject(t, {[file]: contents});
		const {exitCode, stdout, stderr} = await runCli(['check'], {cwd, env: {SIDECAR_PORT: '1', SIDECAR_REPLICA: '7'}});
		t.is(exitCode, 0, stderr);
		const {sidecars} = JSON.parse(stdout) as {sidecars: Array<{name: string; command: string[]; cwd: string; readiness: {probe: unknown}; logs: {file: string}; env: Record<string, unknown>}>};
		t.deepEqual(sidecars.map(({name, command, cwd: at, readiness, logs}) => ({name, command, cwd: at, readiness: readiness.probe, logs: logs.file})), expected.map(({name, command, cwd: at, readiness, logs}) => ({
			name, command, cwd: at.replace(directory, cwd), readiness, logs: logs.replace(directory, cwd),
		})));
		t.deepEqual(Object.keys(sidecars[0]!.env).sort(), ['OF', 'PORT']);
	});
}

test('check refuses each collision with exit 78, one line each', async t => {
	const cwd = makeProject(t, {'sidecar.config.yaml': stringify({
		main, metrics: {port: 9002}, sidecars: {worker: {command: 'w ${SIDECAR_PORT}', logs: {file: 'w.log'}, replicas: {count: 3, port: 9000}}, 'worker-1': {command: 'x'}},
	})});
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.deepEqual(stderr.trim().split('\n'), [
		'sidecar: sidecars.worker: got "worker-1", expected instance names that no other sidecar has ("worker-1" is both an instance of worker and a sidecar of its own)',
		'sidecar: sidecars.worker.replicas.port: got 9002, expected ports no other process uses (worker-2 would get 9002, which is the metrics port)',
		`sidecar: sidecars.worker.logs.file: got "${cwd}/w.log", expected a file per instance: put \${SIDECAR_REPLICA} in its name, like "logs/worker-\${SIDECAR_REPLICA}.log"`,
	]);
});
