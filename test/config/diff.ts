import test from 'ava';
import {appliedConfig, describeDiff, diffConfig} from '../../lib/config/diff.js';
import {resolveConfig} from '../../lib/config/resolve.js';

const config = (input: Record<string, unknown>) => resolveConfig({name: 'shop', main: {command: ['node', 'app.js']}, ...input}, '/srv/shop');

const before = config({sidecars: {a: {command: 'a'}, b: {command: 'b'}, c: {command: 'c'}}});
const after = config({sidecars: {a: {command: 'a'}, b: {command: 'b --new'}, d: {command: 'd'}}});

test('added, removed, changed and unchanged sidecars are told apart', t => {
	t.deepEqual(diffConfig(before, after), {added: ['d'], removed: ['c'], changed: ['b'], unchanged: ['a'], mainChanged: false, needsRestart: []});
});

test('the same config is no change at all', t => {
	const diff = diffConfig(before, config({sidecars: {a: {command: 'a'}, b: {command: 'b'}, c: {command: 'c'}}}));
	t.deepEqual(diff, {added: [], removed: [], changed: [], unchanged: ['a', 'b', 'c'], mainChanged: false, needsRestart: []});
	t.deepEqual(describeDiff(diff), ['no sidecar changed', 'unchanged: a, b, c']);
});

test('any field of a sidecar counts as a change', t => {
	const diff = diffConfig(before, config({sidecars: {a: {command: 'a', stopTimeout: '3s'}, b: {command: 'b'}, c: {command: 'c'}}}));
	t.deepEqual(diff.changed, ['a']);
});

test('a changed main is reported, not applied', t => {
	const next = resolveConfig({name: 'shop', main: {command: ['node', 'other.js']}, sidecars: {a: {command: 'a'}, b: {command: 'b'}, c: {command: 'c'}}}, '/srv/shop');
	const diff = diffConfig(before, next);
	t.true(diff.mainChanged);
	t.deepEqual(diff.needsRestart, ['main']);
	t.regex(describeDiff(diff).at(-1)!, /not applied: main changed; restart the unit/);
	t.deepEqual(appliedConfig(before, next).main, before.main);
});

test('metrics and signals need a restart of the unit too', t => {
	const diff = diffConfig(before, config({sidecars: {a: {command: 'a'}, b: {command: 'b'}, c: {command: 'c'}}, metrics: {port: 9000}, signals: {SIGHUP: 'all'}}));
	t.deepEqual(diff.needsRestart, ['signals', 'metrics']);
	t.false(diff.mainChanged);
});

test('the report lists each kind of change', t => {
	t.deepEqual(describeDiff(diffConfig(before, after)), ['added: d', 'changed: b', 'removed: c', 'unchanged: a']);
});
