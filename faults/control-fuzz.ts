import {existsSync, readFileSync} from 'node:fs';
import net from 'node:net';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {runCli, startCli} from '../test/helpers/cli.js';
import {fixture} from '../test/helpers/fixtures.js';
import {makeProject} from '../test/helpers/project.js';
import {waitFor, waitForLine} from '../test/helpers/wait-for.js';
import {socketPath} from '../lib/control/socket-path.js';
import {footprint, seededBytes} from './helpers/control.js';

// Garbage, oversized lines, 200 concurrent clients and half-closed connections on the control socket; then
// the supervisor still answers `sidecar status`. Runs once `sidecar status` exists (lib/control, issue 5).
const MAIN_JS = fileURLToPath(new URL('../lib/cli/main.js', import.meta.url));
const ready = existsSync(MAIN_JS) && readFileSync(MAIN_JS, 'utf8').includes('\'status\'');

// Connects, sends `data` (then half-closes when `end`), and resolves with every reply line until close or ms.
function exchange(file: string, data: string | Buffer, {end = false, ms = 5000} = {}): Promise<{lines: string[]; closed: boolean}> {
	return new Promise(resolve => {
		const socket = net.connect(file);
		let text = '';
		const finish = (closed: boolean) => {
			clearTimeout(timer);
			socket.destroy();
			resolve({lines: text.split('\n').filter(Boolean), closed});
		};

		const timer = setTimeout(() => finish(false), ms);
		socket.on('data', chunk => {
			text += chunk.toString();
		});
		socket.on('close', () => finish(true));
		socket.on('error', () => {});
		socket.write(data);
		if (end) {
			socket.end();
		}
	});
}

(ready ? test : test.skip)('the control socket survives garbage, oversized lines, 200 clients and half-closed connections', async t => {
	t.timeout(120_000);
	const name = `fuzz-${process.pid}`;
	const project = makeProject(t, {'sidecar.config.json': {name, main: {command: fixture('forever.js')}}});
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false, env: {XDG_RUNTIME_DIR: ''}});
	supervisor.stderr!.resume();
	await waitForLine(supervisor.stdout!, /main +\| pid \d+/, 20_000);
	supervisor.stdout!.resume();
	const file = socketPath(name, {XDG_RUNTIME_DIR: ''});
	await waitFor(() => existsSync(file), 10_000, 'the control socket');
	const before = footprint(supervisor.pid!);

	const garbage = await Promise.all(Array.from({length: 50}, async (_, i) => exchange(file, Buffer.concat([seededBytes(i, 300), Buffer.from('\n')]), {ms: 2000})));
	const unparsable = garbage.flatMap(({lines}) => lines).filter(line => {
		try {
			return (JSON.parse(line) as {ok?: unknown}).ok !== false;
		} catch {
			return true;
		}
	});
	t.deepEqual(unparsable, [], 'garbage gets `ok: false` replies (or none), never a crash');

	const oversized = await exchange(file, 'x'.repeat(1024 * 1024), {ms: 10_000});
	t.true(oversized.closed, 'a line past the limit closes the connection');

	const statuses = await Promise.all(Array.from({length: 200}, async () => exchange(file, '{"type":"status"}\n', {ms: 20_000})));
	t.is(statuses.filter(({lines}) => lines.some(line => line.includes('"type":"status"'))).length, 200, '200 concurrent clients all answered');

	const halfOpen = [
		...Array.from({length: 50}, async () => exchange(file, '{"type":"hel', {end: true, ms: 2000})),
		...Array.from({length: 50}, async () => exchange(file, '{"type":"status"}\n', {end: true, ms: 5000})),
		...Array.from({length: 50}, async () => exchange(file, '', {ms: 50})),
	];
	await Promise.all(halfOpen);

	const {exitCode, stdout} = await runCli(['status', '--json', '--name', name], {cwd: project, env: {XDG_RUNTIME_DIR: ''}});
	t.is(exitCode, 0);
	t.regex(stdout, /"name": ?"main"/);
	const after = footprint(supervisor.pid!);
	t.log(`RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MiB, fds ${before.fds} → ${after.fds}`);
	t.true(after.fds <= before.fds + 5, 'every connection was closed');
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 143);
});
