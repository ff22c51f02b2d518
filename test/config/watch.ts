import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {WATCH_DEFAULT_IGNORE} from '../../lib/config/resolve-watch.js';
import {configProblems} from '../helpers/config-problems.js';

// `watch` as sidecar reads it (docs/watch.md): defaults, paths from the config's directory, and every refusal naming
// the field, what was given and what is allowed.

const main = {command: ['node', 'app.js']};
const resolved = (watch: unknown, more: object = {}) => resolveConfig({name: 'shop', main: {...main, watch, ...more}}, '/srv/shop').main.watch;

test('defaults: restart, dev, 300ms, the default excludes first, paths read from the config\'s directory', t => {
	t.deepEqual(resolved({paths: ['src', '/etc/app.conf'], ignore: ['*.tmp']}), {
		paths: ['/srv/shop/src', '/etc/app.conf'],
		ignore: [...WATCH_DEFAULT_IGNORE, '*.tmp'],
		include: [],
		debounce: 300,
		action: {type: 'restart'},
		cascade: false,
		when: 'dev',
		poll: null,
		maxDirs: 8192,
	});
});

test('when defaults to always for a signal, to dev for a step that restarts; a step\'s command and timeout', t => {
	t.like(resolved({paths: ['x'], action: {signal: 'SIGHUP'}}), {when: 'always', action: {type: 'signal', signal: 'SIGHUP', to: 'process'}});
	t.like(resolved({paths: ['x'], action: {exec: 'nginx -t', then: {signal: 'SIGHUP', to: 'group'}}}), {when: 'always', action: {type: 'exec', command: ['/bin/sh', '-c', 'nginx -t'], timeout: 120_000, then: {type: 'signal', signal: 'SIGHUP', to: 'group'}}});
	t.like(resolved({paths: ['x'], action: {exec: ['make'], then: 'restart', timeout: '30s'}, poll: '1s'}), {when: 'dev', poll: 1000, action: {type: 'exec', command: ['make'], timeout: 30_000, then: {type: 'restart'}}});
	t.is(resolved({paths: ['x'], when: 'always'})!.when, 'always');
});

test('each refusal names the field, what was given and what is allowed', t => {
	const problems = (watch: unknown) => configProblems({main: {...main, watch}});
	t.deepEqual(problems({}), ['main.watch.paths: got nothing, expected a list of files and directories to watch, like ["src"]']);
	t.deepEqual(problems({paths: 'src'}), ['main.watch.paths: got "src", expected a list of non-empty strings, like ["src", "config/app.yaml"]']);
	t.deepEqual(problems({paths: ['x'], action: 'reload'}), ['main.watch.action: got "reload", expected \'restart\', {signal, to?} or {exec, then, timeout?}']);
	t.deepEqual(problems({paths: ['x'], action: {exec: 'make'}}), ['main.watch.action.then: got nothing, expected \'restart\' or {signal, to?}, like {signal: \'SIGHUP\'}']);
	t.deepEqual(problems({paths: ['x'], action: {signal: 'SIGNOPE'}}), ['main.watch.action.signal: got "SIGNOPE", expected a signal name like "SIGTERM", "SIGINT", "SIGHUP"']);
	t.deepEqual(problems({paths: ['x'], poll: '10ms'}), ['main.watch.poll: got "10ms", expected a period of at least 100ms']);
	t.deepEqual(problems({paths: ['x'], debounce: 'soon'}), ['main.watch.debounce: got "soon", expected milliseconds, or a string like "250ms", "10s", "2m"']);
	t.deepEqual(problems({paths: ['x'], maxDirs: 0}), ['main.watch.maxDirs: got 0, expected an integer >= 1']);
	t.regex(problems({paths: ['x'], recursive: true})[0]!, /^main\.watch\.recursive: got true, expected no such key .*allowed: paths, ignore/);
});

test('a task has no watch; a gate neither', t => {
	t.deepEqual(configProblems({main, sidecars: {job: {run: 'once', command: 'true', watch: {paths: ['x']}}}}),
		['sidecars.job.watch: got {"paths":["x"]}, expected no watch on a task (run: \'once\'): it is for long-running processes; run the task on a schedule instead']);
	t.regex(configProblems({main, sidecars: {db: {readiness: {tcp: 5432}, watch: {paths: ['x']}}}})[0]!, /^sidecars\.db\.watch: .*external gate/);
});
