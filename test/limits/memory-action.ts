import test from 'ava';
import {memoryAction} from '../../lib/limits/memory-action.js';

const MiB = 1024 * 1024;
const actionIs = test.macro((t, limits: {memory: number | null; action: 'restart' | 'stop' | 'warn'}, memory: number, expected: 'restart' | 'stop' | 'warn' | null) => {
	t.is(memoryAction(limits, {memory}), expected);
});

test('a tree over its memory limit gets the configured action', actionIs, {memory: 64 * MiB, action: 'restart'}, 65 * MiB, 'restart');
test('stop is an action too', actionIs, {memory: 64 * MiB, action: 'stop'}, 65 * MiB, 'stop');
test('warn is an action too', actionIs, {memory: 64 * MiB, action: 'warn'}, 65 * MiB, 'warn');
test('exactly at the limit is within it', actionIs, {memory: 64 * MiB, action: 'restart'}, 64 * MiB, null);
test('no memory limit never acts', actionIs, {memory: null, action: 'restart'}, 10_000 * MiB, null);
