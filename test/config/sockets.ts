import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {configProblems} from '../helpers/config-problems.js';

// Unit sockets (docs/sockets.md): what resolves, and what `sidecar check` refuses with field, value and what is allowed.
const directory = '/srv/shop';
const main = {command: ['node', 'app.js'], sockets: ['http']};
const problems = (input: unknown): string[] => configProblems(input, directory);

test('a TCP socket gets 127.0.0.1 and a backlog of 511; a unix path is resolved against the config directory', t => {
	const config = resolveConfig({sockets: {http: {port: 8080}, admin: {path: 'run/admin.sock', mode: '660'}}, main: {...main, sockets: ['http', 'admin']}}, directory);
	t.deepEqual(config.sockets, [
		{name: 'http', backlog: 511, kind: 'tcp', host: '127.0.0.1', port: 8080},
		{name: 'admin', backlog: 511, kind: 'unix', path: '/srv/shop/run/admin.sock', mode: 0o660},
	]);
	t.deepEqual(config.main.sockets, ['http', 'admin']);
});

test('a process that lists an undeclared socket is refused', t => {
	t.deepEqual(problems({sockets: {http: {port: 8080}}, main: {command: 'a', sockets: ['http', 'web']}}), ['main.sockets: got "web", expected a socket declared in the unit\'s `sockets` (http)']);
});

test('a socket no process lists is refused', t => {
	t.deepEqual(problems({sockets: {http: {port: 8080}, spare: {port: 8081}}, main}), ['sockets.spare: got "spare", expected a socket some process lists in its `sockets` (an unused socket would queue connections no one accepts)']);
});

test('a port out of range is refused', t => {
	t.deepEqual(problems({sockets: {http: {port: 70_000}}, main}), ['sockets.http.port: got 70000, expected an integer from 1 to 65535']);
});

test('a port shared with metrics, the http API or another socket is refused', t => {
	t.deepEqual(problems({sockets: {http: {port: 9464}}, metrics: {port: 9464}, main}), ['sockets.http.port: got 9464, expected a port nothing else in the unit uses (9464 is the metrics port)']);
	t.deepEqual(problems({sockets: {web: {port: 9470}}, http: {port: 9470}, main: {...main, sockets: ['web']}}), ['sockets.web.port: got 9470, expected a port nothing else in the unit uses (9470 is the http port)']);
	t.deepEqual(problems({sockets: {http: {port: 8080}, b: {port: 8080}}, main: {...main, sockets: ['http', 'b']}}), ['sockets.b.port: got 8080, expected a port nothing else in the unit uses (8080 is socket http)']);
});

test('a port shared with a replica\'s SIDECAR_PORT is refused', t => {
	const config = {sockets: {http: {port: 9001}}, main, sidecars: {worker: {command: 'w', replicas: {count: 2, port: 9000}}}};
	t.deepEqual(problems(config), ['sockets.http.port: got 9001, expected a port nothing else in the unit uses (9001 is worker-1\'s SIDECAR_PORT)']);
});

test('a host that is not an IP address, both port and path, and a bad mode are refused', t => {
	t.deepEqual(problems({sockets: {http: {port: 8080, host: 'localhost'}}, main}), ['sockets.http.host: got "localhost", expected an IP address like \'127.0.0.1\', \'0.0.0.0\' or \'::\' (a name is not resolved)']);
	t.is(problems({sockets: {http: {port: 8080, path: 'a.sock'}}, main}).length, 1);
	t.deepEqual(problems({sockets: {http: {path: 'a.sock', mode: 'rw'}}, main}), ['sockets.http.mode: got "rw", expected an octal string of permissions, like \'660\'']);
});

test('a task and a gate cannot list sockets', t => {
	t.deepEqual(problems({sockets: {http: {port: 8080}}, main, sidecars: {migrate: {command: 'm', run: 'once', sockets: ['http']}}}), ['sidecars.migrate.sockets: got ["http"], expected no sockets on a task (run: \'once\'): only a long-running process accepts connections']);
});

test('a tcp readiness probe on a held port is refused: it would pass before the process listens', t => {
	t.deepEqual(problems({sockets: {http: {port: 8080}}, main: {...main, readiness: {tcp: 8080}}}), ['main.readiness.tcp: got 8080, expected no tcp probe on socket http\'s port: the supervisor holds it, so a connect succeeds before the process listens (use an http probe or notify)']);
});

test('a sidecar and the instances of a group may share a socket', t => {
	const config = resolveConfig({sockets: {http: {port: 8080}}, main: {command: 'a'}, sidecars: {web: {command: 'w', sockets: ['http'], replicas: 2}}}, directory);
	t.deepEqual(config.sidecars.map(spec => [spec.name, spec.sockets]), [['web-0', ['http']], ['web-1', ['http']]]);
});
