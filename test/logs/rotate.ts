import test from 'ava';
import {pieceEnd} from '../../lib/logs/rotate.js';

const block = Buffer.from('aaaa\nbbbb\ncccc\n'); // Three lines of 5 bytes.
const endIs = test.macro((t, start: number, size: number, maxSize: number, expected: number) => {
	t.is(pieceEnd(block, start, size, maxSize), expected);
});

test('a block that fits goes whole', endIs, 0, 0, 15, 15);
test('a block that does not fit is cut after the last line that does', endIs, 0, 0, 14, 10);
test('the cut counts what the file already holds', endIs, 0, 3, 13, 10);
test('the rest of a block continues where the last piece ended', endIs, 10, 0, 100, 15);
test('when not one line fits a non-empty file, rotate first (end = start)', endIs, 5, 8, 12, 5);
test('a full file rotates first', endIs, 0, 20, 16, 0);
test('an empty file takes one line longer than maxSize, alone', endIs, 0, 0, 3, 5);
test('a last piece without a newline is kept whole', t => {
	t.is(pieceEnd(Buffer.from('aaaaaaaa'), 0, 0, 3), 8);
});
