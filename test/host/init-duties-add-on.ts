import test from 'ava';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {loadLibc} from '../../lib/host/libc.js';
import {initDutiesAddOn} from '../../lib/host/init-duties-add-on.js';
import type {UnitHandle} from '../../lib/supervisor/add-on.js';

test('without koffi, loading libc fails with one line naming the package', t => {
	const libc = loadLibc(() => {
		throw new Error('Cannot find module \'koffi\'\nRequire stack:\n- /x.js');
	}, 'linux');
	t.deepEqual(libc, {error: 'the optional package koffi could not be loaded (Cannot find module \'koffi\')'});
});

test('libc is not looked for off Linux', t => {
	t.deepEqual(loadLibc(() => {
		throw new Error('never called');
	}, 'darwin'), {error: 'not available on darwin'});
});

const attachWithout = async (pid: number): Promise<UnitEvent[]> => {
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => seen.push(event));
	const unit = {name: 'u', events} as unknown as UnitHandle;
	await initDutiesAddOn(() => ({error: 'the optional package koffi could not be loaded (gone)'}), pid).attach(unit, new AbortController().signal);
	return seen;
};

test('as PID 1 without koffi, the unit runs on and says once that orphans are not reaped, and what to do', async t => {
	const [event, ...more] = await attachWithout(1);
	t.is(more.length, 0);
	t.like(event, {event: 'helper-missing', program: 'koffi', reason: 'the optional package koffi could not be loaded (gone)'});
	t.regex((event as {lost: string}).lost, /not reaped.*koffi.*tini or dumb-init/);
});

test('elsewhere without koffi, it says daemonizing processes may outlive the unit', async t => {
	const [event] = await attachWithout(4242);
	t.regex((event as {lost: string}).lost, /daemonizes.*may outlive the unit/);
});
