import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {outputSettled, spawnChild} from '../../lib/process/spawn.js';

const timers = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;

// A pending 50 ms timer kept the supervisor alive after its last child was stopped (docs/benchmarks.md, shutdown).
test('waiting for a child\'s output to settle leaves no timer behind once its pipes close', async t => {
	const {main} = resolveConfig({main: {command: [process.execPath, '-e', 'process.stdout.write("bye\\n")']}}, process.cwd());
	const child = spawnChild(main, {});
	child.stdout.resume();
	child.stderr.resume();
	await child.exited;
	const before = timers();
	await outputSettled(child);
	t.true(child.stdout.closed && child.stderr.closed);
	t.is(timers(), before);
});
