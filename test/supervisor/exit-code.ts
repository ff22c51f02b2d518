import test from 'ava';
import {interruptedExitCode, unitExitCode} from '../../lib/supervisor/exit-code.js';

test('main\'s exit code is the unit\'s', t => {
	t.is(unitExitCode({code: 3, signal: null}), 3);
});

test('death by signal N is 128 + N', t => {
	t.is(unitExitCode({code: null, signal: 'SIGTERM'}), 143);
	t.is(unitExitCode({code: null, signal: 'SIGKILL'}), 137);
});

test('a start interrupted by signal N exits 128 + N; one `sidecar stop` ended exits 0', t => {
	t.is(interruptedExitCode('SIGINT'), 130);
	t.is(interruptedExitCode('SIGTERM'), 143);
	t.is(interruptedExitCode(undefined), 0);
});
