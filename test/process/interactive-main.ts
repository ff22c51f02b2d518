import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {BIN, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {uniqueName} from '../helpers/unit.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

const hasTmux = await execa('tmux', ['-V'], {reject: false}).then(result => result.exitCode === 0, () => false);
const hasScript = await execa('script', ['--version'], {reject: false}).then(result => result.exitCode === 0, () => false);

// Main reads one line from its stdin and says what it got, then waits to be stopped.
const reader = 'console.log("type a line"); process.stdin.once("data", line => console.log("got " + String(line).trim())); setInterval(() => {}, 1 << 30)';

(hasTmux ? test : test.skip)('an interactive main reads a line typed into the terminal, and Ctrl-C ends main, then the unit cleanly', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: `interactive-${process.pid}`, sidecars: {helper: {command: fixture('stamp.js')}}}});
	const log = path.join(cwd, 'out.log');
	const server = `sidecar-test-${process.pid}`;
	const tmux = async (...args: string[]) => execa('tmux', ['-L', server, ...args]);
	t.teardown(async () => {
		await execa('tmux', ['-L', server, 'kill-server'], {reject: false});
	});
	// The supervisor's stdin is the terminal (so main inherits it by default); its output goes to a file to read.
	const run = `cd '${cwd}' && NO_COLOR=1 XDG_RUNTIME_DIR= '${process.execPath}' '${BIN}' run -- '${process.execPath}' -e '${reader}' > out.log 2>&1; echo "exit $?" >> out.log; sleep 60`;
	await tmux('new-session', '-d', '-s', 'unit', '-x', '120', '-y', '30', run);
	const text = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
	await waitFor(() => /main +\| type a line/.test(text()), 20_000, 'main to ask for a line');

	await tmux('send-keys', '-t', 'unit', 'hello there', 'Enter');
	await waitFor(() => /main +\| got hello there/.test(text()), 10_000, 'main to read the line');

	await tmux('send-keys', '-t', 'unit', 'C-c');
	const output = await waitFor(() => (/^exit \d+$/m.test(text()) ? text() : undefined), 20_000, 'the unit to stop');
	// The terminal's SIGINT reaches main and the supervisor together; it is main's (issue 21): main dies of it, and the
	// unit stops as for any exit of main, with main's code, 128 + 2.
	t.regex(output, /^exit 130$/m, 'main died of the terminal\'s SIGINT');
	t.regex(output, /main exited \(pid \d+, signal SIGINT\)/);
	t.notRegex(output, /reason received SIGINT/);
	t.regex(output, /helper +\| helper stopped \d+/, 'the sidecar (in a group of its own) was stopped by the supervisor, after main');
	t.true(output.indexOf('main exited') < output.indexOf('helper stopping'), output);
});

// `sidecar run` on a real pseudo-terminal (util-linux `script`): what the test writes is typed into the terminal, so
// \x03 is Ctrl-C, which the terminal sends as SIGINT to its foreground group (the supervisor and main). `exec` leaves no
// shell between the terminal and the supervisor to die of the SIGINT first.
function onTerminal(t: ExecutionContext, cwd: string) {
	const terminal = spawn('script', ['-qfec', `exec '${process.execPath}' '${BIN}' run`, '/dev/null'], {cwd, env: {...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: ''}});
	t.teardown(() => terminal.kill('SIGKILL'));
	let text = '';
	terminal.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	const exited = new Promise<number | null>(resolve => terminal.once('exit', resolve));
	const until = async (pattern: RegExp, what: string) => waitFor(() => pattern.test(text), 20_000, `${what}; the terminal showed:\n${text}`);
	return {type: (keys: string) => terminal.stdin.write(keys), until, text: () => text, exited};
}

// Main says what it reads, and what SIGINT it gets when it has a handler; `quit` makes it exit 3.
const repl = (handlesSigint: boolean) => `${handlesSigint ? 'process.on("SIGINT", () => console.log("main got SIGINT"));' : ''}
process.stdin.on("data", data => String(data).trim() === "quit" ? process.exit(3) : console.log("main read " + String(data).trim()));
console.log("main asks");`;
const interactive = (t: ExecutionContext, handlesSigint: boolean) => makeProject(t, {
	'main.js': repl(handlesSigint),
	'sidecar.config.json': {name: uniqueName('interactive'), main: {command: [process.execPath, 'main.js'], stdin: 'inherit'}, sidecars: {helper: {command: fixture('forever.js')}}},
});

(hasScript ? test : test.skip)('with main on the terminal, Ctrl-C is main\'s: a main that handles SIGINT goes on, and the unit exits with main\'s code', async t => {
	const terminal = onTerminal(t, interactive(t, true));
	await terminal.until(/main +\| main asks/, 'main to start');
	terminal.type('\u0003');
	await terminal.until(/main +\| main got SIGINT/, 'main to get the terminal\'s SIGINT');
	terminal.type('still here\r');
	await terminal.until(/main +\| main read still here/, 'main to go on reading');
	t.notRegex(terminal.text(), /stopping|main exited/, 'the supervisor took no stop from the Ctrl-C');
	terminal.type('quit\r');
	t.is(await terminal.exited, 3);
	t.regex(terminal.text(), /main exited \(pid \d+, code 3\)/);
	t.regex(terminal.text(), /helper stopped/);
});

(hasScript ? test : test.skip)('with main on the terminal, Ctrl-C to a main without a SIGINT handler exits 130, never the stop signal\'s 143', async t => {
	const terminal = onTerminal(t, interactive(t, false));
	await terminal.until(/main +\| main asks/, 'main to start');
	terminal.type('\u0003');
	t.is(await terminal.exited, 130);
	t.regex(terminal.text(), /main exited \(pid \d+, signal SIGINT\)/);
	t.notRegex(terminal.text(), /reason received SIGINT/);
});

test('without a terminal, SIGINT with main.stdin \'inherit\' still stops the unit', async t => {
	const cwd = interactive(t, true);
	const supervisor = startCli(t, ['run'], {cwd, stdin: 'pipe'});
	await waitForLine(supervisor.stdout!, /main ready/);
	supervisor.kill('SIGINT');
	const {stdout} = await supervisor;
	t.regex(String(stdout), /stopping \(reason received SIGINT\)/);
	t.regex(String(stdout), /main got SIGINT|main exited/);
});
