import test from 'ava';
import {collectYoung, UNBROKEN_BYTES, unbrokenCounter} from '../../lib/logs/collect-young.js';

const bytes = (size: number, newlineAt?: number) => {
	const chunk = Buffer.alloc(size, 'x');
	if (newlineAt !== undefined) {
		chunk[newlineAt] = 0x0A;
	}

	return chunk;
};

test('a collection comes after each UNBROKEN_BYTES of output with no newline, and never for short lines', t => {
	let collected = 0;
	const count = unbrokenCounter(() => collected++);
	const size = 65536;
	for (let i = 0; i < (3 * UNBROKEN_BYTES) / size; i++) {
		count(bytes(size));
	}

	t.is(collected, 3);
	for (let i = 0; i < (3 * UNBROKEN_BYTES) / size; i++) {
		count(bytes(size, size - 100)); // A line ends near the end of each chunk: never 4 MiB unbroken.
	}

	t.is(collected, 3);
});

test('the bytes after a chunk\'s last newline count towards the next collection', t => {
	let collected = 0;
	const count = unbrokenCounter(() => collected++);
	count(bytes(UNBROKEN_BYTES - 10));
	count(bytes(100, 0)); // A newline first: 99 bytes unbroken after it, the long run before it is forgotten.
	t.is(collected, 0);
	count(bytes(UNBROKEN_BYTES - 99));
	t.is(collected, 1);
});

test('collectYoung runs a real minor GC without throwing, twice', t => {
	t.notThrows(() => {
		collectYoung();
		collectYoung();
	});
});
