import test from 'ava';
import {StderrTail, TAIL_BYTES, TAIL_LINES} from '../../lib/process/stderr-tail.js';

const block = (...lines: string[]) => Buffer.from(lines.map(line => `${line}\n`).join(''));

test('keeps the last 20 lines, oldest first', t => {
	const tail = new StderrTail();
	for (let line = 1; line <= 50; line++) {
		tail.push(block(`line ${line}`));
	}

	const lines = tail.lines();
	t.is(lines.length, TAIL_LINES);
	t.is(lines[0], 'line 31');
	t.is(lines.at(-1), 'line 50');
});

test('keeps at most 2 KiB, leaving out a line the limit cut', t => {
	const tail = new StderrTail();
	tail.push(block('x'.repeat(5000), 'short', 'y'.repeat(1000)));
	const lines = tail.lines();
	t.deepEqual(lines, ['short', 'y'.repeat(1000)]);
	t.true(lines.join('\n').length <= TAIL_BYTES);
	tail.push(block('z'.repeat(1500)));
	t.deepEqual(tail.lines(), ['z'.repeat(1500)], 'the 1000-byte line was cut by the limit and left out');
});

test('clear forgets the last spawn\'s lines', t => {
	const tail = new StderrTail();
	tail.push(block('boom'));
	tail.clear();
	t.deepEqual(tail.lines(), []);
});
