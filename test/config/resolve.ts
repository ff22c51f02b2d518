import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {configProblems} from '../helpers/config-problems.js';

const directory = '/srv/shop';

const problems = (input: unknown): string[] => configProblems(input, directory);

test('an empty config resolves with defaults except for the missing main command', t => {
	t.deepEqual(problems({}), ['main.command: got nothing, expected a command: an array like ["node", "app.js"], or a shell string']);
});

test('a minimal config resolves every default', t => {
	const config = resolveConfig({main: {command: 'node server.js'}, sidecars: {logship: {command: ['node', 'ship.js']}}}, directory);
	t.is(config.name, 'shop');
	t.deepEqual(config.main.command, ['/bin/sh', '-c', 'node server.js']);
	t.is(config.main.restart, 'never');
	const [logship] = config.sidecars;
	t.like(logship, {name: 'logship', start: 'before', restart: 'always', stopSignal: 'SIGTERM', stopTimeout: 10_000, cwd: directory, critical: false});
	t.deepEqual(logship!.backoff, {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000});
	t.deepEqual(config.signals, {SIGHUP: 'main', SIGUSR1: 'main', SIGUSR2: 'main'});
});

test('durations, sizes and probes are converted', t => {
	const config = resolveConfig({
		main: {command: ['node', 'a.js'], stopTimeout: '2s'},
		sidecars: {
			proxy: {command: ['p'], readiness: {tcp: 9000, timeout: '5s'}, limits: {memory: '256MiB', cpu: 0.5}},
			web: {command: ['w'], readiness: {tcp: '10.0.0.1:80'}, liveness: {http: 'http://127.0.0.1:9000/healthz', interval: '5s'}},
			marker: {command: ['m'], readiness: {file: 'run/ready'}, cwd: 'sub'},
		},
	}, directory);
	t.is(config.main.stopTimeout, 2000);
	const [proxy, web, marker] = config.sidecars;
	t.deepEqual(proxy!.readiness, {probe: {kind: 'tcp', host: '127.0.0.1', port: 9000}, timeout: 5000, interval: 100, maxInterval: 1000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1});
	t.is(proxy!.limits.memory, 256 * 1024 * 1024);
	t.is(proxy!.limits.cpu, 0.5);
	t.deepEqual(web!.readiness!.probe, {kind: 'tcp', host: '10.0.0.1', port: 80});
	t.is(web!.liveness!.interval, 5000);
	t.deepEqual(marker!.readiness!.probe, {kind: 'file', path: '/srv/shop/sub/run/ready'});
});

test('every problem is reported in one pass, each naming its path, the value and what is allowed', t => {
	const lines = problems({
		main: {command: ['node', 'a.js'], stopSignal: 'SIGNOPE'},
		sidecars: {
			logship: {command: ['x'], restart: 'sometimes', limits: {memory: '12 bananas', cpu: -1}, readiness: {tcp: 70_000}, backoff: {initial: 'soon'}},
		},
		logs: {format: 'xml'},
	});
	t.deepEqual(lines, [
		'main.stopSignal: got "SIGNOPE", expected a signal name like "SIGTERM", "SIGINT", "SIGHUP"',
		'sidecars.logship.limits.cpu: got -1, expected a number >= 0.01',
		'sidecars.logship.readiness.tcp: got 70000, expected a port 1-65535, or "host:port"',
		'sidecars.logship.restart: got "sometimes", expected one of \'always\', \'on-failure\', \'never\'',
		'sidecars.logship.backoff.initial: got "soon", expected milliseconds, or a string like "250ms", "10s", "2m"',
		'sidecars.logship.limits.memory: got "12 bananas", expected bytes, or a string like "512KiB", "256MiB", "1GiB"',
		'logs.format: got "xml", expected one of \'pretty\', \'json\'',
	]);
});

test('a typo in a key is named with the nearest key and the keys allowed there', t => {
	const [line] = problems({main: {command: ['a'], comand: 'b'}});
	t.regex(line!, /^main\.comand: got "b", expected no such key; did you mean "command"\? \(allowed: command, readiness, /);
	const [far] = problems({main: {command: ['a'], xyzzy: 'b'}});
	t.regex(far!, /^main\.xyzzy: got "b", expected no such key \(allowed: command, /);
});

test('an unknown dependency is a config error', t => {
	t.deepEqual(problems({main: {command: ['a']}, sidecars: {a: {command: ['a'], dependsOn: ['ghost']}}}), [
		'sidecars.a.dependsOn: got "ghost", expected one of the sidecars: a',
	]);
});

test('a dependency cycle is a config error naming the loop', t => {
	t.deepEqual(problems({main: {command: ['a']}, sidecars: {
		a: {command: ['a'], dependsOn: ['c']},
		b: {command: ['b'], dependsOn: ['a']},
		c: {command: ['c'], dependsOn: ['b']},
	}}), ['sidecars.a.dependsOn: got "a → c → b → a", expected no dependency cycle']);
});

test('dependsOn takes names and edges with a condition and onRestart; main takes dependsOn too', t => {
	const config = resolveConfig({main: {command: 'a', dependsOn: [{name: 'proxy', condition: 'started', onRestart: {signal: 'SIGHUP'}}]}, sidecars: {
		db: {command: 'a'},
		migrate: {command: 'a', run: 'once', dependsOn: ['db']},
		proxy: {command: 'a', dependsOn: [{name: 'migrate', condition: 'succeeded'}, {name: 'db', onRestart: 'restart'}]},
	}}, directory);
	t.deepEqual(config.main.dependsOn, [{name: 'proxy', condition: 'started', onRestart: {signal: 'SIGHUP'}}]);
	t.deepEqual(config.sidecars.map(({name, dependsOn}) => [name, dependsOn]), [
		['db', []],
		['migrate', [{name: 'db', condition: 'ready', onRestart: 'none'}]],
		['proxy', [{name: 'migrate', condition: 'succeeded', onRestart: 'none'}, {name: 'db', condition: 'ready', onRestart: 'restart'}]],
	]);
});

test('a dependency edge names the field, the value and what is allowed', t => {
	t.deepEqual(problems({main: {command: 'a', dependsOn: [{name: 'late'}, 'ghost']}, sidecars: {
		db: {command: 'a', dependsOn: [{name: 'job', condition: 'healthy'}, {name: 'job', onRestart: 'reload'}, {name: 'job', onRestart: {signal: 'HUP'}}, {condition: 'ready'}, 7, {name: 'job', xyzzy: 1}]},
		web: {command: 'a', dependsOn: [{name: 'db', condition: 'succeeded'}], start: 'after'},
		job: {command: 'a', run: 'once'},
		late: {command: 'a', start: 'after'},
		after: {command: 'a', start: 'after', dependsOn: 'db'},
	}}), [
		'sidecars.db.dependsOn[0].condition: got "healthy", expected one of \'started\', \'ready\', \'completed\', \'succeeded\'',
		'sidecars.db.dependsOn[1].onRestart: got "reload", expected \'none\', \'restart\' or {signal: NAME} (a signal like "SIGHUP")',
		'sidecars.db.dependsOn[2].onRestart.signal: got "HUP", expected a signal name like "SIGTERM", "SIGINT", "SIGHUP"',
		'sidecars.db.dependsOn[3]: got {"condition":"ready"}, expected a name, or {name, condition?, onRestart?}',
		'sidecars.db.dependsOn[4]: got 7, expected a name, or {name, condition?, onRestart?}',
		'sidecars.db.dependsOn[5].xyzzy: got 1, expected no such key (allowed: name, condition, onRestart)',
		'sidecars.after.dependsOn: got "db", expected an array of entries: a name, or {name, condition?, onRestart?}',
		'main.dependsOn: got "late", expected a sidecar that starts before main ("late" has start: \'after\')',
		'main.dependsOn: got "ghost", expected one of the sidecars: db, web, job, late, after',
		'sidecars.web.dependsOn: got "db", expected a task (run: \'once\') for condition \'succeeded\' ("db" runs always; use \'started\' or \'ready\')',
	]);
});

test('a cycle through conditions and onRestart is still a cycle', t => {
	t.deepEqual(problems({main: {command: 'a'}, sidecars: {
		a: {command: 'a', dependsOn: [{name: 'b', condition: 'started'}]},
		b: {command: 'a', dependsOn: [{name: 'a', onRestart: 'restart'}]},
	}}), ['sidecars.a.dependsOn: got "a → b → a", expected no dependency cycle']);
});

test('a before sidecar cannot depend on an after sidecar', t => {
	t.deepEqual(problems({main: {command: ['a']}, sidecars: {
		early: {command: ['a'], dependsOn: ['late']},
		late: {command: ['b'], start: 'after'},
	}}), ['sidecars.early.dependsOn: got "late", expected a sidecar that starts before main ("late" has start: \'after\')']);
});

test('"main" is not a sidecar name and names are checked', t => {
	const lines = problems({main: {command: ['a']}, sidecars: {main: {command: ['b']}, 'bad name': {command: ['c']}}});
	t.is(lines.length, 2);
	t.regex(lines[0]!, /^sidecars\.main: got "main", expected a name other than "main"/);
	t.regex(lines[1]!, /^sidecars\.bad name: got "bad name"/);
});

test('the signals table accepts targets and refuses stop signals and unknown names', t => {
	const config = resolveConfig({main: {command: ['a']}, sidecars: {nginx: {command: ['n']}}, signals: {SIGHUP: ['nginx'], SIGUSR2: 'none', SIGWINCH: 'all'}}, directory);
	t.deepEqual(config.signals, {SIGHUP: ['nginx'], SIGUSR1: 'main', SIGUSR2: 'none', SIGWINCH: 'all'});
	t.deepEqual(problems({main: {command: ['a']}, signals: {SIGTERM: 'main', SIGHUP: ['ghost']}}), [
		'signals.SIGTERM: got "SIGTERM", expected a signal other than SIGTERM, SIGINT, SIGQUIT, SIGKILL, SIGSTOP, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT (these stop, suspend or resume the unit, or cannot be caught)',
		'signals.SIGHUP: got ["ghost"], expected \'main\', \'sidecars\', \'all\', \'none\', or a list of process names (main)',
	]);
});

test('a config that is not an object is refused', t => {
	t.deepEqual(problems('main'), ['(config): got "main", expected an object (export default defineConfig({...}))']);
});

test('tasks, gates and exit-code rules are checked where they are given', t => {
	t.deepEqual(problems({main: {command: 'a'}, sidecars: {
		once: {command: 'a', run: 'once', restart: 'always', readiness: {tcp: 1}},
		sidecar: {command: 'a', start: 'shutdown', timeout: '5s'},
		gate: {readiness: {log: 'up'}, user: 'nobody'},
		codes: {command: 'a', successCodes: [0, 300], neverRestartOn: [78]},
		overlap: {command: 'a', successCodes: [78], neverRestartOn: [78]},
		early: {command: 'a', dependsOn: ['late']},
		late: {command: 'a', run: 'once', start: 'shutdown'},
	}}), [
		'sidecars.once.readiness: got {"tcp":1}, expected no readiness probe: a task (run: \'once\') is ready when it completes',
		'sidecars.once.restart: got "always", expected one of \'on-failure\', \'never\'',
		'sidecars.sidecar.start: got "shutdown", expected \'before\' or \'after\' (start: \'shutdown\' is for tasks, run: \'once\')',
		'sidecars.sidecar.timeout: got "5s", expected no timeout: it is for tasks (run: \'once\'); a sidecar\'s start-up is bounded by readiness.timeout',
		'sidecars.gate.user: got "nobody", expected no such key for an external gate (no command): only readiness, start, dependsOn',
		'sidecars.gate.readiness.log: got "up", expected a tcp, http, exec or file probe (an external gate has no output to read)',
		'sidecars.codes.successCodes: got [0,300], expected an array of exit codes 0-255, like [78]',
		'sidecars.overlap.neverRestartOn: got 78, expected a code that is not also in successCodes',
		'sidecars.early.dependsOn: got "late", expected a sidecar or task that runs before this one ("late" runs at shutdown)',
	]);
});

test('a task defaults to on-failure and no timeout, a shutdown task to 30 s; a gate has no command', t => {
	const config = resolveConfig({main: {command: 'a'}, sidecars: {
		migrate: {command: 'a', run: 'once'},
		flush: {command: 'a', run: 'once', start: 'shutdown'},
		db: {readiness: {tcp: 'db.internal:5432'}},
	}}, directory);
	const [migrate, flush, db] = config.sidecars;
	t.like(migrate, {run: 'once', restart: 'on-failure', timeout: null, start: 'before'});
	t.like(flush, {run: 'once', restart: 'on-failure', timeout: 30_000, start: 'shutdown'});
	t.like(db, {run: 'gate', command: [], readiness: {probe: {kind: 'tcp', host: 'db.internal', port: 5432}}});
});

// It was read as "no host" and the endpoint listened on 127.0.0.1, where schema.json said the config was wrong.
test('a metrics host that is not a string is an error, not the default', t => {
	t.deepEqual(problems({main: {command: 'a'}, metrics: {port: 9464, host: 5}}), ['metrics.host: got 5, expected a non-empty string']);
});
