import test from 'ava';
import {formatJson} from '../../lib/logs/json.js';
import {LineBuffer} from '../../lib/logs/lines.js';

const now = new Date('2026-12-07T22:00:00.000Z');
// What every line must print as: one JSON.stringify per line, the format's definition.
const expected = (name: string, lines: string[]) => lines.map(line => `${JSON.stringify({time: now.toISOString(), name, stream: 'stdout', line})}\n`).join('');

const jsonIs = test.macro((t, block: Buffer, lines: string[], name?: string) => {
	t.is(formatJson(name ?? 'app', 'stdout', block, now).toString('utf8'), expected(name ?? 'app', lines));
});

test('plain lines print as one object each', jsonIs, Buffer.from('one\ntwo\n'), ['one', 'two']);
test('empty lines print with an empty line field', jsonIs, Buffer.from('\n\nx\n'), ['', '', 'x']);
test('quotes and backslashes are escaped', jsonIs, Buffer.from('say "hi" C:\\temp\n'), ['say "hi" C:\\temp']);
test('control characters are escaped', jsonIs, Buffer.from('a\tb\u0001c\u001F\n'), ['a\tb\u0001c\u001F']);
test('a CRLF line keeps its carriage return, escaped', jsonIs, Buffer.from('one\r\ntwo\r\n'), ['one\r', 'two\r']);
test('UTF-8 lines print their characters', jsonIs, Buffer.from('größe ✓\n🚀\n'), ['größe ✓', '🚀']);
test('a name that needs escaping is escaped on the fast path too', jsonIs, Buffer.from('x\n'), ['x'], 'wé"b');
test('a long plain line prints whole', jsonIs, Buffer.from(`${'x'.repeat(300_000)}\n`), ['x'.repeat(300_000)]);
test('an empty block prints nothing', jsonIs, Buffer.alloc(0), []);

test('a UTF-8 character split across two reads prints whole', t => {
	const lines = new LineBuffer();
	const text = Buffer.from('naïve\nü\n');
	t.is(lines.push(text.subarray(0, 3)), undefined); // 'na' and the first byte of 'ï'.
	const block = lines.push(text.subarray(3))!;
	t.is(formatJson('app', 'stdout', block, now).toString('utf8'), expected('app', ['naïve', 'ü']));
});

test('a plain block is the same bytes as the per-line format', t => {
	const block = Buffer.from(Array.from({length: 700}, (_, index) => `#${String(index).padStart(9, '0')}:${'x'.repeat(88)}\n`).join(''));
	t.deepEqual(formatJson('main', 'stdout', block, now), Buffer.from(expected('main', block.toString('latin1').split('\n').slice(0, -1))));
});
