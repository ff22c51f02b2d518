import test from 'ava';
import {encodeLine, parseRequest} from '../../lib/control/protocol.js';

const parsesTo = test.macro((t, line: string, expected: unknown) => {
	t.deepEqual(parseRequest(line), expected);
});

const isRefused = test.macro((t, line: string, reason: RegExp) => {
	const result = parseRequest(line);
	t.true('error' in result);
	t.regex((result as {error: string}).error, reason);
});

test('hello', parsesTo, '{"type":"hello"}', {type: 'hello'});
test('status ignores unknown fields', parsesTo, '{"type":"status","extra":1}', {type: 'status'});
test('restart names a process', parsesTo, '{"type":"restart","name":"logship"}', {type: 'restart', name: 'logship'});
test('signal names a process and a signal', parsesTo, '{"type":"signal","name":"main","signal":"SIGHUP"}', {type: 'signal', name: 'main', signal: 'SIGHUP'});
test('logs has defaults', parsesTo, '{"type":"logs"}', {type: 'logs', name: null, lines: 100, follow: false});
test('logs takes name, lines and follow', parsesTo, '{"type":"logs","name":"a","lines":5,"follow":true}', {type: 'logs', name: 'a', lines: 5, follow: true});
test('stop takes no name', parsesTo, '{"type":"stop"}', {type: 'stop'});
test('stop-process names a process', parsesTo, '{"type":"stop-process","name":"logship"}', {type: 'stop-process', name: 'logship'});
test('start-process names a process', parsesTo, '{"type":"start-process","name":"logship"}', {type: 'start-process', name: 'logship'});
test('stop with a name is refused, not read as the whole unit\'s stop', isRefused, '{"type":"stop","name":"logship"}', /it takes no "name" \(stop-process stops one process\)/);
test('stop-process without a name', isRefused, '{"type":"stop-process"}', /unable to read stop-process request: "name" must be a non-empty string/);
test('start-process with an empty name', isRefused, '{"type":"start-process","name":""}', /"name" must be a non-empty string/);
test('not JSON', isRefused, 'hello there', /not JSON/);
test('not an object', isRefused, '[1,2]', /"type" must be one of/);
test('an unknown type', isRefused, '{"type":"toString"}', /"type" must be one of/);
test('restart without a name', isRefused, '{"type":"restart"}', /"name" must be a non-empty string/);
test('signal without a signal', isRefused, '{"type":"signal","name":"main"}', /"signal" must be a non-empty string/);
test('logs with negative lines', isRefused, '{"type":"logs","lines":-1}', /lines/);

test('restart may ask for a group\'s instances all at once', parsesTo, '{"type":"restart","name":"worker","parallel":true}', {type: 'restart', name: 'worker', parallel: true});
test('scale names a group and a count', parsesTo, '{"type":"scale","name":"worker","count":0}', {type: 'scale', name: 'worker', count: 0});
test('scale with a negative count', isRefused, '{"type":"scale","name":"worker","count":-1}', /"count" must be an integer from 0 to 1000/);
test('scale with a count past the bound', isRefused, '{"type":"scale","name":"worker","count":1001}', /"count" must be an integer from 0 to 1000/);
test('scale with a fractional count', isRefused, '{"type":"scale","name":"worker","count":1.5}', /"count" must be an integer/);
test('scale without a name', isRefused, '{"type":"scale","count":2}', /"name" must be a non-empty string/);
test('restart with parallel not a boolean', isRefused, '{"type":"restart","name":"worker","parallel":"yes"}', /"parallel" must be true or false/);

test('a message is one line of JSON', t => {
	const line = encodeLine({ok: false, error: 'a\nb', exitCode: 1});
	t.is(line.split('\n').length, 2);
	t.deepEqual(JSON.parse(line), {ok: false, error: 'a\nb', exitCode: 1});
});
