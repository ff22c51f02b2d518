import test from 'ava';
import {unitExitCode} from '../../lib/supervisor/exit-code.js';

test('main\'s exit code is the unit\'s', t => {
	t.is(unitExitCode({code: 3, signal: null}), 3);
});

test('death by signal N is 128 + N', t => {
	t.is(unitExitCode({code: null, signal: 'SIGTERM'}), 143);
	t.is(unitExitCode({code: null, signal: 'SIGKILL'}), 137);
});
