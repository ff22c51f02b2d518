import test from 'ava';
import {isProfiled, straySignals} from '../../lib/signals/catchable.js';

test('a supervisor run without a profiler ignores a stray SIGPROF like any other stray signal', t => {
	t.true(straySignals(['SIGTERM'], []).includes('SIGPROF'));
	t.true(straySignals(['SIGTERM'], ['--max-old-space-size=64']).includes('SIGPROF'));
});

test('under --cpu-prof or --prof, SIGPROF is left to the profiler and the other strays are still taken', t => {
	for (const flags of [['--cpu-prof'], ['--cpu-prof-dir=/tmp/x', '--cpu-prof'], ['--prof']]) {
		const stray = straySignals(['SIGTERM'], flags);
		t.false(stray.includes('SIGPROF'), flags.join(' '));
		t.true(stray.includes('SIGALRM'), flags.join(' '));
	}
});

test('only the profiler flags count as profiled', t => {
	t.true(isProfiled(['--cpu-prof-interval=100', '--cpu-prof']));
	t.false(isProfiled(['--heap-prof']));
	t.false(isProfiled(['--inspect', '--expose-gc']));
});
