import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {fileScheduleStore, scheduleStateFile} from '../../lib/supervisor/schedule-store.js';

// The catch-up store on the real file system (docs/schedules.md, Catch-up); the unit's use of it is tested on the fake
// clock with the same code on a file system in memory (test/supervisor/schedules-in-process.ts).
async function directory(t: ExecutionContext): Promise<string> {
	const made = await mkdtemp(path.join(tmpdir(), 'sidecar-schedules-'));
	t.teardown(async () => rm(made, {recursive: true, force: true}));
	return made;
}

test('a recorded firing is written whole, mode 0600, and read back by the next store of the same unit', async t => {
	const file = path.join(await directory(t), 'state', 'shop.schedules.json');
	const store = fileScheduleStore(file, 'shop');
	t.deepEqual(await store.read(), {problem: 'no such file yet: nothing to catch up'});
	t.is(await store.record('job', Date.parse('2026-05-02T03:00:00Z')), null);
	t.is(await store.record('other', Date.parse('2026-05-02T04:00:00Z')), null);
	t.like(JSON.parse(await readFile(file, 'utf8')), {format: 'sidecar-schedules', unit: 'shop', firings: {job: '2026-05-02T03:00:00.000Z', other: '2026-05-02T04:00:00.000Z'}});
	t.is((await stat(file)).mode & 0o777, 0o600);
	t.deepEqual(await fileScheduleStore(file, 'shop').read(), {firings: {job: Date.parse('2026-05-02T03:00:00Z'), other: Date.parse('2026-05-02T04:00:00Z')}});
	t.deepEqual(await fileScheduleStore(file, 'cafe').read(), {problem: 'it belongs to unit "shop": nothing to catch up'});
});

test('a corrupt file and a directory that cannot be made are each a problem, never a throw', async t => {
	const made = await directory(t);
	await writeFile(path.join(made, 'corrupt.json'), '{"format": "sidecar-sch');
	t.deepEqual(await fileScheduleStore(path.join(made, 'corrupt.json'), 'shop').read(), {problem: 'corrupt (not JSON): nothing to catch up'});
	await writeFile(path.join(made, 'file'), '');
	const blocked = fileScheduleStore(path.join(made, 'file', 'shop.schedules.json'), 'shop');
	t.regex(await blocked.record('job', 0) ?? '', /^unable to write it: (ENOTDIR|EEXIST)$/);
});

test('the file is under $STATE_DIRECTORY when systemd sets it, else the user\'s state directory', t => {
	t.is(scheduleStateFile('shop', {STATE_DIRECTORY: '/var/lib/shop:/var/lib/other'}), '/var/lib/shop/shop.schedules.json');
	t.is(scheduleStateFile('shop', {XDG_STATE_HOME: '/home/u/.state'}), '/home/u/.state/sidecar/shop.schedules.json');
});
