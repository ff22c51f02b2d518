import test from 'ava';
import {k8sCpu, composeDuration, quantityMemory, toSeconds} from '../../lib/exporters/quantities.js';

test('cpu in whole cores or millicores', t => {
	t.deepEqual([1, 2, 0.5, 0.25, 1.5, 0.0001].map(cores => k8sCpu(cores)), ['1', '2', '500m', '250m', '1500m', '1m']);
});

test('memory in the largest binary unit that divides it', t => {
	t.deepEqual([1024 ** 3, 3 * 1024 ** 3, 1536 * 1024 ** 2, 512 * 1024, 1000].map(bytes => quantityMemory(bytes, 'kubernetes')),
		['1Gi', '3Gi', '1536Mi', '512Ki', '1000']);
	t.deepEqual([1024 ** 3, 256 * 1024 ** 2, 1000].map(bytes => quantityMemory(bytes, 'compose')), ['1g', '256m', '1000']);
});

test('durations and whole seconds', t => {
	t.deepEqual([10_000, 1500, 250].map(ms => composeDuration(ms)), ['10s', '1500ms', '250ms']);
	t.deepEqual([1, 1000, 1001, 0].map(ms => toSeconds(ms)), [1, 1, 2, 1]);
});
