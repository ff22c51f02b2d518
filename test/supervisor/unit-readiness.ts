import test from 'ava';
import {criticalNames, processReadiness, unitReadiness} from '../../lib/supervisor/unit-readiness.js';
import type {ProcessSnapshot, UnitSnapshot} from '../../lib/supervisor/snapshot.js';

const member = (name: string, fields: Partial<ProcessSnapshot> = {}): ProcessSnapshot => ({
	name, group: null, kind: name === 'main' ? 'main' : 'sidecar', run: 'always', pid: 1, state: 'ready', waitingFor: null, ready: true,
	statusText: null, healthy: true, restarts: 0, uptimeMs: 1, cpu: null, memory: null, limits: {enforcement: 'none'}, lastExit: null, ...fields,
});
const unit = (processes: ProcessSnapshot[], groups: UnitSnapshot['groups'] = []): UnitSnapshot => ({name: 'shop', supervisorPid: 1, processes, groups});
const critical = new Set(['db']);

test('ready: main ready, the critical sidecar ready, a non-critical one still starting', t => {
	t.deepEqual(unitReadiness(unit([member('main'), member('db'), member('cache', {state: 'starting', ready: false})]), critical), {ready: true, reasons: []});
});

test('not ready while main starts, naming its state', t => {
	t.deepEqual(unitReadiness(unit([member('main', {state: 'starting', ready: false}), member('db')]), critical), {ready: false, reasons: ['main is not ready (starting)']});
});

test('not ready while a critical sidecar is not ready (keep-ready failed) or unhealthy (liveness failing)', t => {
	t.deepEqual(unitReadiness(unit([member('main'), member('db', {state: 'not-ready', ready: false})]), critical).reasons, ['critical sidecar db is not ready (not-ready)']);
	t.deepEqual(unitReadiness(unit([member('main', {healthy: false}), member('db', {healthy: false})]), critical).reasons, [
		'main is unhealthy (liveness failing)', 'critical sidecar db is unhealthy (liveness failing)',
	]);
});

test('not ready when any process or replicated sidecar is fatal, critical or not', t => {
	const snapshot = unit([member('main'), member('db'), member('cache', {state: 'fatal', ready: false})], [{name: 'worker', state: 'fatal', ready: 0, desired: 2, configured: 2, instances: []}]);
	t.deepEqual(unitReadiness(snapshot, critical).reasons, ['cache is fatal', 'replicated sidecar worker is fatal (0 of 2 ready)']);
});

test('a critical task that completed counts as ready', t => {
	t.true(unitReadiness(unit([member('main'), member('db', {run: 'once', state: 'completed', ready: false})]), critical).ready);
});

test('one process, a replicated sidecar, or an unknown name', t => {
	const snapshot = unit([member('main'), member('cache', {state: 'backoff', ready: false})], [{name: 'worker', state: 'degraded', ready: 1, desired: 2, configured: 2, instances: []}]);
	t.deepEqual(processReadiness(snapshot, 'main'), {ready: true, reasons: []});
	t.deepEqual(processReadiness(snapshot, 'cache'), {ready: false, reasons: ['cache is not ready (backoff)']});
	t.deepEqual(processReadiness(snapshot, 'worker'), {ready: false, reasons: ['replicated sidecar worker has 1 of 2 instances ready (degraded)']});
	t.is(processReadiness(snapshot, 'nope'), undefined);
});

test('critical names: critical sidecars and every instance of a critical group', t => {
	const spec = (name: string, isCritical: boolean, group?: string) => ({name, critical: isCritical, replica: group === undefined ? null : {group}}) as never;
	const config = {sidecars: [spec('db', true), spec('cache', false), spec('worker-0', false, 'worker')], groups: [{name: 'worker', critical: true}] as never};
	t.deepEqual([...criticalNames(config)], ['db', 'worker-0']);
});
