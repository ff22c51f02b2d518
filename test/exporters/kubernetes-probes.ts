import test from 'ava';
import {livenessProbe, probeHandler, readinessProbes} from '../../lib/exporters/kubernetes-probes.js';
import type {ResolvedProbe} from '../../lib/config/types.js';

const handlerIs = test.macro({
	exec(t, probe: ResolvedProbe, expected: unknown) {
		t.deepEqual(probeHandler(probe), expected);
	},
	title: (given = '') => `a ${given} probe`,
});

test('loopback http', handlerIs, {kind: 'http', url: 'http://localhost:8080/ready?deep=1', headers: {}, insecure: false, status: [200, 399]},
	{httpGet: {scheme: 'HTTP', host: undefined, port: 8080, path: '/ready?deep=1'}});
test('remote https with no port', handlerIs, {kind: 'http', url: 'https://db.internal/ping', headers: {}, insecure: false, status: [200, 399]},
	{httpGet: {scheme: 'HTTPS', host: 'db.internal', port: 443, path: '/ping'}});
test('tcp', handlerIs, {kind: 'tcp', host: '127.0.0.1', port: 9000}, {tcpSocket: {host: undefined, port: 9000}});
test('exec', handlerIs, {kind: 'exec', command: ['pg_isready']}, {exec: {command: ['pg_isready']}});
test('file (test -f)', handlerIs, {kind: 'file', path: '/tmp/ready'}, {exec: {command: ['test', '-f', '/tmp/ready']}});
test('log (no Kubernetes form)', handlerIs, {kind: 'log', pattern: 'ready'}, null);

test('the startup probe waits at least the readiness timeout', t => {
	const {startupProbe} = readinessProbes({probe: {kind: 'tcp', host: '127.0.0.1', port: 1}, timeout: 7500, interval: 2000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1}) as
		{startupProbe: {periodSeconds: number; failureThreshold: number}};
	t.deepEqual(startupProbe, {tcpSocket: {host: undefined, port: 1}, periodSeconds: 2, failureThreshold: 4});
});

test('no readiness, or a log one, gives no probes', t => {
	t.deepEqual(readinessProbes(null), {});
	t.deepEqual(readinessProbes({probe: {kind: 'log', pattern: 'x'}, timeout: 1000, interval: 100, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1}), {});
});

test('liveness counts in whole seconds, rounding up', t => {
	const probe = livenessProbe({probe: {kind: 'exec', command: ['true']}, interval: 1500, timeout: 200, failureThreshold: 4, initialDelay: 0, action: 'restart'});
	t.deepEqual(probe, {livenessProbe: {
		exec: {command: ['true']},
		initialDelaySeconds: undefined,
		periodSeconds: 2,
		timeoutSeconds: 1,
		failureThreshold: 4,
	}});
});
