import test from 'ava';
import {LineBuffer, MAX_LINE_BYTES, splitLines} from '../../lib/logs/lines.js';
import {formatPretty} from '../../lib/logs/pretty.js';

const text = (block: Buffer | undefined) => block?.toString();

test('a chunk yields its whole lines as one block and keeps the partial one', t => {
	const buffer = new LineBuffer();
	t.is(text(buffer.push(Buffer.from('a\nb\npar'))), 'a\nb\n');
	t.is(text(buffer.push(Buffer.from('tial'))), undefined);
	t.is(text(buffer.push(Buffer.from('\nc'))), 'partial\n');
	t.is(text(buffer.flush()), 'c\n');
	t.is(buffer.flush(), undefined);
});

test('a line longer than the bound is cut into pieces', t => {
	const buffer = new LineBuffer();
	const block = buffer.push(Buffer.alloc((MAX_LINE_BYTES * 2) + 10, 'x'))!;
	const lines = splitLines(block);
	t.deepEqual(lines.map(line => line.length), [MAX_LINE_BYTES, MAX_LINE_BYTES]);
	t.is(buffer.flush()!.length, 11);
});

test('a long line is kept as its chunks and cut at the bound, wherever the chunks end', t => {
	const buffer = new LineBuffer();
	const chunk = Buffer.alloc(100_000, 'x');
	const pieces: Buffer[] = [];
	for (let index = 0; index < 25; index++) {
		const block = buffer.push(chunk);
		if (block !== undefined) {
			pieces.push(...splitLines(block));
		}
	}

	t.deepEqual(pieces.map(line => line.length), [MAX_LINE_BYTES, MAX_LINE_BYTES]);
	t.true(pieces.every(line => line.every(byte => byte === 0x78)));
	t.is(buffer.flush()!.length, (25 * 100_000) - (2 * MAX_LINE_BYTES) + 1);
});

test('a line that passes the bound in the chunk holding its newline is cut too, and the lines around it are whole', t => {
	const buffer = new LineBuffer();
	t.is(buffer.push(Buffer.alloc(MAX_LINE_BYTES - 5, 'x')), undefined);
	const block = buffer.push(Buffer.from('yyyyyyyyyy\nnext\nrest'))!;
	t.deepEqual(splitLines(block).map(line => line.length), [MAX_LINE_BYTES, 5, 4]);
	t.is(text(buffer.flush()), 'rest\n');
	const big = Buffer.concat([Buffer.from('a\n'), Buffer.alloc((MAX_LINE_BYTES * 2) + 3, 'z'), Buffer.from('\nb\n')]);
	t.deepEqual(splitLines(new LineBuffer().push(big)!).map(line => line.length), [1, MAX_LINE_BYTES, MAX_LINE_BYTES, 3, 1]);
});

test('splitLines gives each line without its newline', t => {
	t.deepEqual(splitLines(Buffer.from('one\n\nthree\n')).map(String), ['one', '', 'three']);
});

test('formatPretty prefixes every line of a block', t => {
	t.is(formatPretty(Buffer.from('app | '), Buffer.from('one\ntwo\n')).toString(), 'app | one\napp | two\n');
});

test('formatPretty prefixes the lines of a block of long lines as it does short ones', t => {
	const block = Buffer.concat([Buffer.alloc(MAX_LINE_BYTES, 'x'), Buffer.from('\nshort\n')]);
	t.deepEqual(formatPretty(Buffer.from('app | '), block), Buffer.concat([Buffer.from('app | '), Buffer.alloc(MAX_LINE_BYTES, 'x'), Buffer.from('\napp | short\n')]));
});

test('formatPretty keeps multi-byte characters and empty lines byte for byte', t => {
	const block = Buffer.from('größe ✓\n\n🚀 done\n');
	t.deepEqual(formatPretty(Buffer.from('café | '), block), Buffer.from('café | größe ✓\ncafé | \ncafé | 🚀 done\n'));
});
