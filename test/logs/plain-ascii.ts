import test from 'ava';
import {isPlainAscii} from '../../lib/logs/plain-ascii.js';

const plainIs = test.macro((t, text: string | Buffer, expected: boolean) => {
	const block = Buffer.isBuffer(text) ? text : Buffer.from(text);
	// Every alignment of the block, so the bytes before and after the four-byte words are tested too.
	for (let offset = 0; offset < 4; offset++) {
		const padded = Buffer.alloc(block.length + offset);
		block.copy(padded, offset);
		t.is(isPlainAscii(padded.subarray(offset)), expected, `at offset ${offset}`);
	}
});

test('printable ASCII lines are plain', plainIs, 'GET /health 200 {ok} [x] ~\n\nlast line\n', true);
test('an empty block is plain', plainIs, '', true);
test('a quote is not plain', plainIs, 'say "hi"\n', false);
test('a backslash is not plain', plainIs, 'C:\\temp\n', false);
test('a carriage return (CRLF) is not plain', plainIs, 'one\r\ntwo\r\n', false);
test('a tab is not plain', plainIs, 'a\tb\n', false);
test('a vertical tab right after a newline is not plain', plainIs, 'aaa\n\u000Bbbb\n', false);
test('a NUL byte is not plain', plainIs, Buffer.from([0x61, 0x00, 0x0A]), false);
test('UTF-8 is not plain', plainIs, 'café\n', false);
test('DEL is plain (JSON leaves it as it is)', plainIs, 'a\u007Fb\n', true);
test('a control character in the last bytes of a long block is found', plainIs, `${'x'.repeat(4097)}\u0001\n`, false);
