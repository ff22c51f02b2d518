import {getEventListeners} from 'node:events';
import test from 'ava';
import {childScope} from '../../lib/process/scope.js';

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
