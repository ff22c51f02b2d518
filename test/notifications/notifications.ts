import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import type {Notification} from '../../lib/notifications/notification-json.js';
import {fixture} from '../helpers/fixtures.js';
import {survivors} from '../helpers/processes.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {startUnit, waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// Notifications with real processes (docs/control.md, Notifications): a webhook on a local node:http server, hook
// commands that hang or do not exist, and the supervisor's CPU while idle with hooks configured.

const SECRET = 'sk-live-4f9a1c-never-leaves';

// A local webhook: every request's raw body, answered 204 once read.
async function webhook(t: ExecutionContext) {
	const bodies: string[] = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => {
			body += chunk.toString();
		});
		request.on('end', () => {
			bodies.push(body);
			response.writeHead(204).end();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.close());
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies};
}

const forever = {command: fixture('forever.js')};

test('a crash loop of 50 restarts sends at most 2 notifications to a webhook, with the stderr tail and no env value', async t => {
	const {url, bodies} = await webhook(t);
	const unit = await startUnit(t, {main: forever, sidecars: {crasher: {
		command: 'echo "boom: cannot reach db with $SECRET" >&2; exit 1',
		env: {SECRET},
		start: 'after',
		backoff: {initial: 1, max: 5},
		maxRestarts: {count: 1000},
		on: {restart: {url, headers: {Authorization: 'Bearer test'}}},
	}}}, {json: true});
	await unit.until('crasher', 'restarting', 50, 60_000);
	await unit.stop();
	await unit.supervisor;
	// The supervisor waits for its sends before it exits: every request has been answered by now.
	t.log(`${unit.events('crasher', 'restarting').length} restarts, ${bodies.length} notifications`);
	t.true(bodies.length >= 1 && bodies.length <= 2, `${bodies.length} notifications`);
	t.false(bodies.some(body => body.includes(SECRET)), 'the env value never appears');
	const [first, summary] = bodies.map(body => JSON.parse(body) as Notification);
	t.like(first, {kind: 'restart', name: 'crasher', unit: unit.unit, event: {event: 'restarting', name: 'crasher'}});
	t.deepEqual(first!.stderr, ['boom: cannot reach db with ****']);
	t.is(first!.folded, undefined);
	if (summary !== undefined) {
		t.true(summary.folded! >= 49, `folded ${summary.folded}`);
		t.deepEqual(summary.stderr, ['boom: cannot reach db with ****']);
	}

	t.deepEqual(unit.entries().filter(entry => entry.event === 'notification-failed'), []);
});

test('a hook that hangs is killed at its timeout, its whole process group, and the unit runs on', async t => {
	const unit = await startUnit(t, {main: forever, sidecars: {job: {
		command: 'true',
		run: 'once',
		start: 'after',
		on: {exit: {command: 'sleep 300 & echo $! > hook-child.pid; echo $$ > hook.pid; wait', timeout: '1s'}},
	}}}, {json: true});
	const [failed] = await unit.until('job', 'notification-failed');
	t.like(failed, {kind: 'exit', hook: 'sidecars.job.on.exit', reason: 'timed out after 1s'});
	const pids = ['hook.pid', 'hook-child.pid'].map(file => Number(readFileSync(path.join(unit.cwd, file), 'utf8')));
	t.true(pids.every(pid => pid > 0));
	await waitFor(() => survivors(pids).length === 0, 5000, 'the hook and its child to be gone').catch(() => {});
	t.deepEqual(survivors(pids), [], 'the shell and the sleep it forked are both gone');
	t.true((await unit.status()).processes.find(({name}) => name === 'main')!.pid !== null, 'main runs on');
	await unit.stop();
});

test('a hook command that does not exist is one notification-failed event; the unit is unaffected', async t => {
	const unit = await startUnit(t, {main: forever, sidecars: {job: {command: 'true', run: 'once', start: 'after', on: {exit: ['./no-such-hook']}}}}, {json: true});
	const [failed] = await unit.until('job', 'notification-failed');
	t.like(failed, {kind: 'exit', hook: 'sidecars.job.on.exit'});
	t.regex(String(failed!.reason), /^unable to run \.\/no-such-hook: no such file or directory$/);
	const snapshot = await unit.status();
	t.is(snapshot.processes.find(({name}) => name === 'main')!.state, 'running');
	await unit.stop();
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 143, 'exits as any unit stopped by SIGTERM');
	t.is(unit.entries().filter(entry => entry.event === 'notification-failed').length, 1);
});

test('a failing hook command\'s last stderr line is in its notification-failed reason', async t => {
	const unit = await startUnit(t, {main: forever, sidecars: {job: {command: 'true', run: 'once', start: 'after', on: {exit: 'echo trying >&2; echo "curl: (7) Failed to connect" >&2; exit 7'}}}}, {json: true});
	const [failed] = await unit.until('job', 'notification-failed');
	t.is(failed!.reason, 'exit code 7: curl: (7) Failed to connect');
	await unit.stop();
});

test('a command hook gets the event as JSON in SIDECAR_EVENT', async t => {
	const unit = await startUnit(t, {main: forever, sidecars: {job: {command: 'echo failing >&2; exit 3', run: 'once', start: 'after', restart: 'never', on: {exit: 'printf %s "$SIDECAR_EVENT" > event.json'}}}}, {json: true});
	const file = path.join(unit.cwd, 'event.json');
	const event = await waitFor(() => {
		try {
			return JSON.parse(readFileSync(file, 'utf8')) as Notification;
		} catch {
			return undefined;
		}
	}, 20_000, 'the hook to write event.json');
	t.like(event, {kind: 'exit', name: 'job', event: {event: 'exited', code: 3}});
	t.deepEqual(event.stderr, ['failing']);
	await unit.stop();
});

// Measured over 2 s of an idle unit, without polling its status meanwhile (that would cost the CPU measured).
const IDLE_MS = 2000;
// A tenth of a core is the bound of the other idle measurements (test/readiness/never-ready.ts); idle costs ~0.
const MAX_CORES = 0.05;

test('the supervisor\'s CPU while idle with every kind of hook configured stays near 0', async t => {
	const {url} = await webhook(t);
	const on = {fatal: {url}, restart: 'true', unhealthy: {url}, limit: 'true', degraded: {url}, exit: {url}, scheduleFailed: 'true'};
	const unit = await startUnit(t, {main: {...forever, on}, on, sidecars: {helper: {...forever, on}}});
	await waitAllReady(unit);
	const cores = cpuMeter(unit.supervisor.pid!);
	const started = Date.now();
	await waitFor(() => Date.now() - started >= IDLE_MS, IDLE_MS * 5, 'the idle time to pass');
	const used = cores();
	t.log(`idle supervisor with hooks: ${used.toFixed(4)} cores over ${IDLE_MS} ms`);
	t.true(used < MAX_CORES, `${used} cores`);
	await unit.stop();
});

test('a webhook that never answers is given up at its timeout: one notification-failed event', async t => {
	const server = createServer(() => {}); // Reads the request, never answers.
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.closeAllConnections());
	t.teardown(() => server.close());
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const unit = await startUnit(t, {main: forever, sidecars: {job: {command: 'true', run: 'once', start: 'after', on: {exit: {url, timeout: '500ms'}}}}}, {json: true});
	const [failed] = await unit.until('job', 'notification-failed');
	t.like(failed, {kind: 'exit', hook: 'sidecars.job.on.exit', reason: 'timed out after 500ms'});
	t.is((await unit.status()).processes.find(({name}) => name === 'main')!.state, 'running');
	await unit.stop();
});
