import test from 'ava';
import {lifecycle, livenessProbe, probeHandler, readinessProbes} from '../../lib/exporters/kubernetes-probes.js';
import {sampleProcess} from './_sample-config.js';
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
	const {startupProbe} = readinessProbes({probe: {kind: 'tcp', host: '127.0.0.1', port: 1}, timeout: 7500, interval: 2000, maxInterval: 2000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1}) as
		{startupProbe: {periodSeconds: number; failureThreshold: number}};
	t.deepEqual(startupProbe, {tcpSocket: {host: undefined, port: 1}, periodSeconds: 2, failureThreshold: 4, timeoutSeconds: 1});
});

test('no readiness, or a log one, gives no probes', t => {
	t.deepEqual(readinessProbes(null), {});
	t.deepEqual(readinessProbes({probe: {kind: 'log', pattern: 'x'}, timeout: 1000, interval: 100, maxInterval: 100, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1}), {});
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

test('http headers become httpHeaders; readiness after the first pass keeps its period and thresholds', t => {
	const probe = {kind: 'http' as const, url: 'http://127.0.0.1:8080/ready', headers: {Authorization: 'Bearer x'}, insecure: true, status: [200, 399] as [number, number]};
	const {readinessProbe} = readinessProbes({probe, timeout: 5000, interval: 500, maxInterval: 500, checkTimeout: 2000, period: 3000, failureThreshold: 4, successThreshold: 2});
	t.deepEqual(readinessProbe, {
		httpGet: {scheme: 'HTTP', host: undefined, port: 8080, path: '/ready', httpHeaders: [{name: 'Authorization', value: 'Bearer x'}]},
		periodSeconds: 3,
		timeoutSeconds: 2,
		failureThreshold: 4,
		successThreshold: 2,
	});
});

test('hooks become lifecycle handlers; a drain becomes preStop when there is none', t => {
	const hooks = {postStart: ['warm'], preStop: ['nginx', '-s', 'quit'], timeout: 30_000};
	t.deepEqual(lifecycle(sampleProcess('web', {hooks})), {lifecycle: {postStart: {exec: {command: ['warm']}}, preStop: {exec: {command: ['nginx', '-s', 'quit']}}}});
	const none = {postStart: null, preStop: null, timeout: 30_000};
	t.deepEqual(lifecycle(sampleProcess('ship', {hooks: none, drain: {delay: 2500}})), {lifecycle: {postStart: undefined, preStop: {sleep: {seconds: 3}}}});
	t.deepEqual(lifecycle(sampleProcess('ship', {hooks: none, drain: {probe: {kind: 'exec', command: ['./drained', 'a b']}, timeout: 10_000, interval: 250}})).lifecycle, {
		postStart: undefined,
		preStop: {exec: {command: ['/bin/sh', '-c', 'until \'./drained\' \'a b\'; do sleep 0.25; done']}},
	});
	t.deepEqual(lifecycle(sampleProcess('plain')), {});
});
