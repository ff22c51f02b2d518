import {getEventListeners} from 'node:events';
import test from 'ava';
import {childScope} from '../lib/abort-scope.js';

test('a child scope is aborted with its parent', t => {
	const parent = new AbortController();
	const child = childScope(parent.signal);
	parent.abort();
	t.true(child.signal.aborted);
});

test('a child scope that ends leaves no listener on its parent', t => {
	const parent = new AbortController();
	for (let index = 0; index < 1000; index++) {
		childScope(parent.signal).abort();
	}

	t.is(getEventListeners(parent.signal, 'abort').length, 0);
	t.false(parent.signal.aborted);
});

test('a child of an aborted parent starts aborted', t => {
	t.true(childScope(AbortSignal.abort()).signal.aborted);
});

test('a parent with more than ten live children trips no leak warning', async t => {
	const warnings: Error[] = [];
	const onWarning = (warning: Error) => warnings.push(warning);
	process.on('warning', onWarning);
	const parent = new AbortController();
	const children = Array.from({length: 50}, () => childScope(parent.signal));
	await new Promise(resolve => setImmediate(resolve)); // Node emits warnings on a later tick.
	process.off('warning', onWarning);
	t.is(getEventListeners(parent.signal, 'abort').length, 50);
	t.deepEqual(warnings.map(({name}) => name), []);
	parent.abort();
	t.true(children.every(child => child.signal.aborted));
});
