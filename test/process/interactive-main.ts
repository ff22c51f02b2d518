import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {BIN} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';

const hasTmux = await execa('tmux', ['-V'], {reject: false}).then(result => result.exitCode === 0, () => false);

// Main reads one line from its stdin and says what it got, then waits to be stopped.
const reader = 'console.log("type a line"); process.stdin.once("data", line => console.log("got " + String(line).trim())); setInterval(() => {}, 1 << 30)';

(hasTmux ? test : test.skip)('an interactive main reads a line typed into the terminal, and Ctrl-C still stops the unit cleanly', async t => {
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
	// The terminal's SIGINT reaches main and the supervisor together: main dies of it (130), or, when the supervisor's
	// stop reaches it first, of the stop signal the supervisor sent (143). Either way the unit stopped cleanly.
	t.regex(output, /^exit (130|143)$/m, 'main died of the terminal\'s SIGINT (128 + 2) or of its stop signal (128 + 15)');
	t.regex(output, /main exited \(pid \d+, signal SIG(INT|TERM)/);
	t.regex(output, /sidecar +\| \S+ stopping \(reason received SIGINT\)/);
	t.regex(output, /helper +\| helper stopped \d+/, 'the sidecar (in a group of its own) was stopped by the supervisor, after main');
	t.true(output.indexOf('main exited') < output.indexOf('helper stopping'), output);
});
