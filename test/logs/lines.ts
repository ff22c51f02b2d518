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

test('splitLines gives each line without its newline', t => {
	t.deepEqual(splitLines(Buffer.from('one\n\nthree\n')).map(String), ['one', '', 'three']);
});

test('formatPretty prefixes every line of a block', t => {
	t.is(formatPretty(Buffer.from('app | '), Buffer.from('one\ntwo\n')).toString(), 'app | one\napp | two\n');
});

test('formatPretty keeps multi-byte characters and empty lines byte for byte', t => {
	const block = Buffer.from('größe ✓\n\n🚀 done\n');
	t.deepEqual(formatPretty(Buffer.from('café | '), block), Buffer.from('café | größe ✓\ncafé | \ncafé | 🚀 done\n'));
});
