import test from 'ava';
import {exitReason} from '../../lib/metrics/counters.js';

const exit = {event: 'exited', name: 'side', code: null, signal: 'SIGTERM'} as const;

test('an exit the supervisor caused for a failure counts as `failure`, whatever it died of (docs/restarts.md)', t => {
	for (const cause of ['liveness failed', 'memory over limit', 'postStart failed', 'timed out']) {
		t.is(exitReason({...exit, cause}), 'failure', cause);
		t.is(exitReason({...exit, signal: null, code: 0, cause}), 'failure', `${cause}, exit 0`);
	}
});

test('a death by the stop signal the supervisor sent is `stopped`; other exits by how they ended', t => {
	t.is(exitReason({...exit, stopped: true}), 'stopped');
	t.is(exitReason(exit), 'signal');
	t.is(exitReason({...exit, signal: null, code: 0}), 'success');
	t.is(exitReason({...exit, signal: null, code: 2}), 'failure');
	t.is(exitReason({...exit, signal: null, error: 'ENOENT'}), 'error');
});
