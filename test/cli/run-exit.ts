import {spawn} from 'node:child_process';
import {closeSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {BIN, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {uniqueName} from '../helpers/unit.js';
import {waitForLine} from '../helpers/wait-for.js';

const LINES = 5000;
// 500 KB at once, then exit 0.
const burst = [process.execPath, '-e', `process.stdout.write(('x'.repeat(99) + '\\n').repeat(${LINES}))`];

// The supervisor leaves with process.exit() (lib/cli/exit.ts). A regular file on stdout is written from the thread pool
// (logs/sink.ts): what is still queued there would be lost with the process, unless the exit waits for it.
test('with stdout a file, every line and the last event are in it once the supervisor has exited', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('exit-flush'), main: {command: burst}}});
	const out = path.join(cwd, 'out.log');
	const fd = openSync(out, 'w');
	const supervisor = spawn(process.execPath, [BIN, 'run'], {cwd, stdio: ['ignore', fd, 'pipe'], env: {...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: ''}});
	closeSync(fd);
	t.teardown(() => supervisor.kill('SIGKILL'));
	const code = await new Promise<number | null>(resolve => supervisor.once('exit', resolve));
	t.is(code, 0);
	const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
	t.is(lines.filter(line => /^main +\| x{99}$/.test(line)).length, LINES);
	t.regex(lines.at(-1)!, /^sidecar +\| main exited \(pid \d+, code 0\)/);
});

// Issue 21: an interrupted start used to exit 0, so `sidecar run && next-step` went on as if it had succeeded.
const interrupted = test.macro(async (t, sidecar: Record<string, unknown>, signal: NodeJS.Signals, expected: number) => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('interrupted'), main: {command: fixture('forever.js')}, sidecars: {db: sidecar}}});
	const supervisor = startCli(t, ['run'], {cwd});
	await waitForLine(supervisor.stdout!, /db (waiting|starting)/);
	supervisor.kill(signal);
	const {exitCode, stdout} = await supervisor;
	t.is(exitCode, expected);
	t.notRegex(String(stdout), /main starting/, 'main never ran');
});

const neverOpens = {readiness: {file: '/nonexistent/never', timeout: '1m'}};
const neverReady = {command: fixture('forever.js'), readiness: {file: '/nonexistent/never', timeout: '1m'}};
test('Ctrl-C while a gate never opens exits 130', interrupted, neverOpens, 'SIGINT', 130);
test('SIGTERM while a gate never opens exits 143', interrupted, neverOpens, 'SIGTERM', 143);
test('SIGTERM while a sidecar\'s probe never passes exits 143', interrupted, neverReady, 'SIGTERM', 143);
