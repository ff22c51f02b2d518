import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {freePort} from '../helpers/ports.js';
import {cpuMeter, rssBytes} from '../helpers/proc-usage.js';
import {at, startUnit} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// Watches on a real unit (docs/watch.md): real files, real inotify, real processes; the unit runs `--watch`.

const watchArgs = {json: true, args: ['--watch']};

// What the server on `port` answers ("served PID"), or the error code of the connection.
async function ask(port: number): Promise<string> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		let text = '';
		socket.on('data', chunk => {
			text += chunk.toString();
		});
		socket.on('end', () => resolve(text.trim()));
		socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
	});
}

// An editor's atomic save: the new content written beside the file, then renamed over it.
function atomicSave(file: string, content: string): void {
	writeFileSync(`${file}.tmp-save`, content);
	renameSync(`${file}.tmp-save`, file);
}

test('a save restarts main once, through its stop path: a server that holds its port 2 s comes back without EADDRINUSE', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {main: {command: fixture('slow-release.js', String(port), '2000'), stopTimeout: '10s', watch: {paths: ['src'], debounce: '200ms'}}}, {
		...watchArgs, files: {'src/app.conf': 'one\n'},
	});
	await unit.until('main', 'watching');
	await unit.until('main', 'ready');
	const old = (await unit.pids()).main!;
	t.is(await ask(port), `served ${old}`);

	atomicSave(path.join(unit.cwd, 'src/app.conf'), 'two\n');
	const [acted] = await unit.until('main', 'watch-acted');
	t.is(acted!.result, 'restarted');
	const fired = unit.events('main', 'watch-fired');
	t.is(fired.length, 1, 'one save, one restart');
	t.is(fired[0]!.file, path.join(unit.cwd, 'src/app.conf'));
	const fresh = (await unit.pids()).main!;
	t.not(fresh, old);
	t.is(await ask(port), `served ${fresh}`);
	const [exited] = unit.events('main', 'exited');
	const starts = unit.events('main', 'starting');
	t.is(exited!.pid, old);
	t.true(at(starts[1]!) >= at(exited!), 'the new main is spawned after the old one has exited');
	t.true(at(exited!) - at(fired[0]!) >= 1900, 'the old one held its port for its 2 s');
	t.false(unit.lines('main').some(line => line.startsWith('bind failed')), 'no EADDRINUSE');
	const status = (await unit.status()).processes.find(({name}) => name === 'main')!;
	t.like(status, {restarts: 0, watch: {state: 'watching', actions: 1, lastResult: 'restarted'}});
	await unit.stop();
});

test('50 writes in 100 ms restart main once; a later save restarts it once more', async t => {
	// A debounce of 1 s: a loaded machine may stall the burst's loop, and the test is about coalescing, not timing.
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), watch: {paths: ['src'], debounce: '1s'}}}, {...watchArgs, files: {'src/.keep': ''}});
	await unit.until('main', 'watching');
	await unit.until('main', 'ready');
	const started = performance.now();
	for (let write = 0; write < 50; write++) {
		writeFileSync(path.join(unit.cwd, 'src', `file-${write % 5}.js`), `// ${write}\n`);
	}

	t.log(`50 writes in ${(performance.now() - started).toFixed(1)} ms`);
	await unit.until('main', 'watch-acted');
	writeFileSync(path.join(unit.cwd, 'src/later.js'), '// later\n');
	const fired = await unit.until('main', 'watch-fired', 2);
	await unit.until('main', 'watch-acted', 2);
	t.true((fired[0]!.changes as number) >= 5, `the burst coalesced (${String(fired[0]!.changes)} changes)`);
	t.is(fired[1]!.file, path.join(unit.cwd, 'src/later.js'), 'the second restart is the later save\'s');
	t.is(unit.events('main', 'starting').length, 3, 'the first main, one for the burst, one for the save');
	await unit.stop();
});

test('a failed build step leaves the old main serving, with the step\'s stderr in the event; a good one restarts it', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {main: {
		command: fixture('slow-release.js', String(port)),
		watch: {paths: ['app.conf'], debounce: '100ms', action: {exec: fixture('check-file.js', 'app.conf'), then: 'restart'}},
	}}, {...watchArgs, files: {'app.conf': 'good\n'}});
	await unit.until('main', 'watching');
	await unit.until('main', 'ready');
	const old = (await unit.pids()).main!;
	writeFileSync(path.join(unit.cwd, 'app.conf'), 'bad\n');
	const [failed] = await unit.until('main', 'watch-acted');
	t.like(failed, {result: 'step failed', reason: 'exit code 1'});
	t.deepEqual(failed!.stderr, ['check: app.conf: line 1: "bad" is not allowed']);
	t.is((await unit.pids()).main, old);
	t.is(await ask(port), `served ${old}`, 'the working app still serves');

	writeFileSync(path.join(unit.cwd, 'app.conf'), 'good again\n');
	const acted = await unit.until('main', 'watch-acted', 2);
	t.is(acted[1]!.result, 'restarted');
	const fresh = (await unit.pids()).main!;
	t.not(fresh, old);
	await waitFor(async () => (await ask(port)) === `served ${fresh}`, 10_000, 'the new main to serve');
	await unit.stop();
});

test('a directory created after start is watched, and so is a file created with it', async t => {
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), watch: {paths: ['src'], debounce: '100ms'}}}, {...watchArgs, files: {'src/.keep': ''}});
	await unit.until('main', 'watching');
	await unit.until('main', 'ready');
	const deeper = path.join(unit.cwd, 'src/new/deeper');
	mkdirSync(deeper, {recursive: true});
	writeFileSync(path.join(deeper, 'first.js'), '// 1\n');
	await unit.until('main', 'watch-acted');
	await unit.until('main', 'ready', 2);
	const count = unit.events('main', 'watch-fired').length;
	writeFileSync(path.join(deeper, 'second.js'), '// 2\n');
	const fired = await unit.until('main', 'watch-fired', count + 1);
	t.is(fired.at(-1)!.file, path.join(deeper, 'second.js'));
	await unit.stop();
});

test('past maxDirs: one watch-failed event naming the limit and the directory, and main runs on unwatched', async t => {
	const files = Object.fromEntries(Array.from({length: 6}, (_, index) => [`src/d${index}/x.js`, '']));
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), watch: {paths: ['src'], maxDirs: 3}}}, {...watchArgs, files});
	const [failed] = await unit.until('main', 'watch-failed');
	t.is(failed!.code, 'maxDirs');
	t.regex(String(failed!.limit), /maxDirs/);
	t.true(String(failed!.directory).startsWith(path.join(unit.cwd, 'src')));
	await unit.until('main', 'ready');
	const pid = (await unit.pids()).main;
	writeFileSync(path.join(unit.cwd, 'src/d0/x.js'), '// changed\n');
	await unit.cli(['status']); // A round trip to the unit: the write has had its chance to be (wrongly) seen.
	const status = (await unit.status()).processes.find(({name}) => name === 'main')!;
	t.like(status, {pid, state: 'running', watch: {state: 'failed', actions: 0}});
	t.is(unit.events('main', 'watch-fired').length, 0);
	await unit.stop();
});

test('a process that writes what it watches is a feedback loop: the watch is suspended with an event naming the file', async t => {
	const unit = await startUnit(t, {main: {command: fixture('write-at-start.js', 'state/pid'), watch: {paths: ['state'], debounce: '50ms'}}}, {...watchArgs, files: {'state/.keep': ''}});
	const [suspended] = await unit.until('main', 'watch-suspended', 1, 60_000);
	t.is(suspended!.file, path.join(unit.cwd, 'state/pid'));
	t.regex(String(suspended!.reason), /sidecar reload/);
	const status = (await unit.status()).processes.find(({name}) => name === 'main')!;
	t.like(status, {state: 'running', watch: {state: 'suspended'}});
	t.is(unit.events('main', 'watch-acted').length, 4, 'four restarts, then the fifth is refused');
	await unit.stop();
});

test('watching 2,000 files: the supervisor stays idle while nothing changes', async t => {
	const files = Object.fromEntries(Array.from({length: 2000}, (_, index) => [`src/d${index % 100}/f${index}.js`, '']));
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), watch: {paths: ['src']}}}, {...watchArgs, files});
	const [watching] = await unit.until('main', 'watching');
	t.is(watching!.directories, 101);
	const [ready] = await unit.until('main', 'ready');
	const cpu = cpuMeter(unit.supervisor.pid!);
	// Measured on the test's own clock: asking the unit (status) while measuring would cost it the CPU measured.
	await waitFor(() => Date.now() - at(ready!) >= 3000, 10_000, '3 s of waiting to measure');
	const cores = cpu();
	t.log(`the supervisor used ${(cores * 100).toFixed(2)} % of a core while watching`);
	t.true(cores < 0.1, `the supervisor used ${(cores * 100).toFixed(2)} % of a core while waiting`);
	t.true(rssBytes(unit.supervisor.pid!) < 120 * 1024 * 1024, `RSS ${rssBytes(unit.supervisor.pid!)}`);
	await unit.stop();
});

test('--watch and --no-watch together are refused before anything starts', async t => {
	const result = await runCli(['run', '--watch', '--no-watch', '--', ...fixture('stamp-once.js', 'never-written')], {cwd: os.tmpdir()});
	t.is(result.exitCode, 64);
	t.is(result.stderr.trim(), 'sidecar: sidecar run: --watch and --no-watch cannot be given together');
});
