import test from 'ava';
import {LineBuffer, MAX_LINE_BYTES} from '../../lib/logs/lines.js';

const text = (lines: Buffer[]) => lines.map(line => line.toString());

test('a chunk yields its whole lines and keeps the partial one', t => {
	const buffer = new LineBuffer();
	t.deepEqual(text(buffer.push(Buffer.from('a\nb\npar'))), ['a', 'b']);
	t.deepEqual(text(buffer.push(Buffer.from('tial\nc'))), ['partial']);
	t.deepEqual(text(buffer.flush()), ['c']);
	t.deepEqual(text(buffer.flush()), []);
});

test('a line longer than the bound is cut into pieces', t => {
	const buffer = new LineBuffer();
	const lines = buffer.push(Buffer.alloc((MAX_LINE_BYTES * 2) + 10, 'x'));
	t.is(lines.length, 2);
	t.is(lines[0]!.length, MAX_LINE_BYTES);
	t.is(buffer.flush()[0]!.length, 10);
});
