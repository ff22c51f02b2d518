import net from 'node:net';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {requestOnce} from '../../lib/control/client.js';
import {encodeLine} from '../../lib/control/protocol.js';
import {execa} from 'execa';
import {BIN, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {rssBytes} from '../helpers/proc-usage.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const MiB = 1024 * 1024;

// `sidecar run` with `main` as main's command; stdout is counted, not kept (a flood prints gigabytes).
async function startFlood(t: ExecutionContext, main: string[]) {
	const name = uniqueName('slow-client');
	const cwd = makeProject(t, {'sidecar.config.json': {name, main: {command: main}}});
	const env = {XDG_RUNTIME_DIR: runtimeDir(t)};
	const socket = path.join(env.XDG_RUNTIME_DIR, 'sidecar', `${name}.sock`);
	const supervisor = startCli(t, ['run'], {cwd, env, buffer: false});
	let printed = 0;
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		printed += chunk.length;
	});
	await waitFor(async () => (await requestOnce(socket, {type: 'status'}).catch(() => undefined))?.ok, 20_000, 'the control socket');
	return {supervisor, socket, printed: () => printed};
}

// A raw `logs --follow` connection for all processes, from now on.
async function follow(t: ExecutionContext, socketPath: string): Promise<net.Socket> {
	const client = net.connect(socketPath);
	t.teardown(() => client.destroy());
	await new Promise(resolve => client.once('connect', resolve));
	client.write(encodeLine({type: 'logs', name: null, lines: 0, follow: true}));
	return client;
}

// Serial: two floods at once would only measure each other.
test.serial('a follower that never reads, while a child floods: the supervisor\'s memory stays bounded, the console and status carry on', async t => {
	const unit = await startFlood(t, fixture('flood.js', '1000000000', '100'));
	await waitFor(() => unit.printed() > 10 * MiB, 20_000, 'the flood on the console');
	const client = await follow(t, unit.socket);
	client.pause(); // Connected, asked, and never reads a byte.
	const before = rssBytes(unit.supervisor.pid!);
	let peak = before;
	const flowed: number[] = [];
	for (let second = 0; second < 10; second++) {
		const printed = unit.printed();
		await sleep(1000); // The measuring window: one sample per second.
		flowed.push(unit.printed() - printed);
		peak = Math.max(peak, rssBytes(unit.supervisor.pid!));
	}

	const status = await requestOnce(unit.socket, {type: 'status'}, AbortSignal.timeout(5000));
	t.log(`rss ${(before / MiB).toFixed(0)} MiB → peak ${(peak / MiB).toFixed(0)} MiB; console ${flowed.map(bytes => (bytes / MiB).toFixed(0)).join(' ')} MiB/s`);
	t.true(flowed.every(bytes => bytes > 0), 'the console got lines in every second');
	t.true(flowed.reduce((sum, bytes) => sum + bytes, 0) > 10 * MiB, 'and more than 10 MiB in all');
	t.true(peak - before < 96 * MiB, `the supervisor grew ${((peak - before) / MiB).toFixed(0)} MiB while ${(flowed.reduce((sum, bytes) => sum + bytes, 0) / MiB).toFixed(0)} MiB went by`);
	t.true(status.ok, 'status still answers');
	let text = '';
	client.setEncoding('utf8');
	client.on('data', (chunk: string) => {
		text += chunk;
	});
	client.resume(); // It was kept, not dropped: once it reads, it learns what it missed and follows on.
	await waitFor(() => /"name":"sidecar","stream":"stderr","line":"\d+ lines skipped: this reader fell 1024 KiB behind"\}\n\{"ok":true,"type":"line","time":"[^"]+","name":"main"/.test(text), 20_000, 'a skip notice, then lines again');
	client.destroy();
});

test.serial('a follower slower than a flooding child skips lines, is told how many, and follows on', async t => {
	const count = 500_000;
	const flood = fixture('flood.js', String(count), '100').map(argument => `"${argument}"`).join(' ');
	const unit = await startFlood(t, ['/bin/sh', '-c', `${flood}; sleep 2; echo flood-finished; exec sleep 60`]);
	const client = await follow(t, unit.socket);
	client.pause();
	await waitFor(() => unit.printed() > 20 * MiB, 20_000, 'the follower to fall behind');
	let text = '';
	client.setEncoding('utf8');
	client.on('data', (chunk: string) => {
		text += chunk;
	});
	client.resume();
	await waitFor(() => text.includes('"line":"flood-finished"'), 60_000, 'the line after the flood');
	const replies = text.trim().split('\n').map(line => JSON.parse(line) as {type: string; name: string; line: string});
	const notices = replies.filter(reply => reply.name === 'sidecar');
	const numbers = replies.filter(reply => reply.name === 'main' && reply.line !== 'flood-finished').map(reply => Number(reply.line.split(' ')[1]));
	const skipped = notices.reduce((sum, notice) => sum + Number(/^(\d+) lines skipped: this reader fell/.exec(notice.line)?.[1] ?? Number.NaN), 0);
	t.log(`received ${numbers.length} lines, skipped ${skipped} in ${notices.length} notices`);
	t.true(notices.length > 0 && skipped > 0, 'the reader was told it missed lines');
	t.true(numbers.every((number, index) => index === 0 || number > numbers[index - 1]!), 'lines arrive in order, none twice');
	t.is(numbers.length + skipped, count - numbers[0]!, 'every line since the first is either received or counted as skipped');
	t.false(client.destroyed, 'the slow follower was not dropped');
});

test.serial('`sidecar logs -f` whose own stdout is never read keeps its memory bounded (it stops reading the socket)', async t => {
	// About 5 MB/s of lines: more than a stalled reader can hold, little enough for the follower to parse.
	const unit = await startFlood(t, [process.execPath, '-e', 'setInterval(() => process.stdout.write(("x".repeat(99) + "\\n").repeat(5000)), 100)']);
	const cwd = makeProject(t);
	const follower = execa(process.execPath, [BIN, 'logs', '-f', '--socket', unit.socket], {cwd, buffer: false, reject: false, env: {NO_COLOR: '1'}});
	t.teardown(() => follower.kill('SIGKILL'));
	follower.stdout.pause(); // Its stdout pipe fills, and then nothing more is read from it.
	await sleep(2000); // The stall builds up: the follower's memory is measured from here.
	const before = rssBytes(follower.pid!);
	await sleep(6000); // The measuring window.
	const after = rssBytes(follower.pid!);
	t.log(`sidecar logs -f: rss ${(before / MiB).toFixed(0)} → ${(after / MiB).toFixed(0)} MiB over 6 s of a 5 MB/s flood`);
	t.true(after - before < 32 * MiB, `grew ${((after - before) / MiB).toFixed(0)} MiB`);
	t.true(unit.printed() > 10 * MiB, `the flood went on meanwhile (${(unit.printed() / MiB).toFixed(0)} MiB printed)`);
	t.is(follower.exitCode, null, 'still following');
});

test('a one-shot `sidecar logs` larger than 1 MiB gets every kept line, in order, with no skip', async t => {
	// Three processes, each keeping ~512 KiB of 2 KB lines: ~1.5 MiB of history, sent faster than any client reads.
	const print = [process.execPath, '-e', 'for (let i = 0; i < 300; i++) console.log(String(i).padStart(6, "0") + " " + "y".repeat(2000)); setInterval(() => {}, 1000)'];
	const unit = await startUnit(t, {name: uniqueName('history'), main: {command: print}, sidecars: {a: {command: print}, b: {command: print}}});
	await waitFor(() => ['main', 'a', 'b'].every(name => new RegExp(`^${name} +\\| 000299 `, 'm').test(unit.output())), 20_000, 'every process\'s last line');
	const {exitCode, stdout} = await unit.cli(['logs', '--lines', '1000']);
	t.is(exitCode, 0);
	t.true(stdout.length > 1024 * 1024, `${stdout.length} bytes`);
	t.notRegex(stdout, /lines skipped/);
	for (const name of ['main', 'a', 'b']) {
		const numbers = [...stdout.matchAll(new RegExp(`^${name} \\| (\\d{6}) y{2000}$`, 'gm'))].map(match => Number(match[1]));
		t.true(numbers.length > 100, `${name}: ${numbers.length} lines`);
		t.deepEqual(numbers, Array.from({length: numbers.length}, (_, index) => 300 - numbers.length + index), `${name}: the last ${numbers.length} lines, none missing`);
	}
});
