import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {UnitEvents} from '../../lib/events/unit-events.js';
import type {Child} from '../../lib/process/spawn.js';
import type {AddOn} from '../../lib/supervisor/add-on.js';
import {Supervisor} from '../../lib/supervisor/supervisor.js';

// A main that exists only here (a pid above any real pid_max) and exits 0 at once.
const spawn = (): Child => {
	const [stdout, stderr] = [new PassThrough(), new PassThrough()];
	stdout.destroy();
	stderr.destroy();
	return {pid: 90_000_000, stdout, stderr, exited: Promise.resolve({code: 0, signal: null})};
};

function unitWith(addOns: AddOn[]) {
	const config = resolveConfig({name: 'add-ons', main: {command: 'true'}}, '/tmp');
	return new Supervisor(config, {
		world: {signals: new EventEmitter(), spawn, now: Date.now, sleep: async () => true, kill: () => true, procTable: null},
		events: new UnitEvents(), pid: process.pid, socketPath: '/nonexistent.sock', addOns,
	});
}

// An add-on that logs when its attach begins, ends and detaches; `attach` may wait for something first.
function recorder(name: string, log: string[], attach: () => Promise<void> = async () => {}): AddOn {
	return {
		name,
		async attach() {
			log.push(`${name} begins`);
			await attach();
			log.push(`${name} attached`);
			return () => {
				log.push(`${name} detached`);
			};
		},
	};
}

// Work an add-on does while attaching (binding a socket, probing cgroups).
const later = async () => sleep(20);

test('the first add-on attaches alone; the others attach alongside each other; all detach in reverse order', async t => {
	const log: string[] = [];
	const unit = unitWith([recorder('control', log, later), recorder('guard', log, later), recorder('limits', log, later)]);
	t.is(await unit.run(), 0);
	t.deepEqual(log, [
		'control begins', 'control attached',
		'guard begins', 'limits begins', 'guard attached', 'limits attached',
		'limits detached', 'guard detached', 'control detached',
	]);
});

test('an add-on that fails to attach refuses the start, and those that attached detach', async t => {
	const log: string[] = [];
	const failing: AddOn = {name: 'broken', attach: async () => {
		throw new Error('unable to attach broken: no reason');
	}};
	const unit = unitWith([recorder('control', log), failing, recorder('limits', log, later)]);
	await t.throwsAsync(unit.run(), {message: 'unable to attach broken: no reason'});
	t.deepEqual(log, ['control begins', 'control attached', 'limits begins', 'limits attached', 'limits detached', 'control detached']);
	t.is(unit.processes()[0]!.pid, null);
	t.is(unit.processes()[0]!.state, 'pending');
});
