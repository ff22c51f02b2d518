import {spawnSync} from 'node:child_process';
import {execa} from 'execa';
import test from 'ava';
import {BIN, stripAnsi} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';

const config = (name: string) => ({name, main: {command: fixture('forever.js')}, sidecars: {a: {command: fixture('forever.js')}}});

test('top without a terminal prints plain lines per refresh', async t => {
	const unit = await startUnit(t, config(uniqueName('top')));
	const {exitCode, stdout} = await unit.cli(['top', '--count', '2', '--interval', '100']);
	t.is(exitCode, 0);
	const lines = stdout.trim().split('\n');
	t.is(lines.length, 4);
	t.regex(lines[0]!, /^\S+ main state=\w+ pid=\d+ cpu=\S+ memory=\S+$/);
	t.regex(lines[1]!, /^\S+ a state=/);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? test : test.skip)('top in a terminal draws the full-screen view and quits on q', async t => {
	const unit = await startUnit(t, config(uniqueName('top-tty')));
	// `script` gives top a pseudo-terminal; q on its stdin quits it.
	const command = `${process.execPath} ${BIN} top --interval 200`;
	const run = execa('script', ['-qfec', command, '/dev/null'], {cwd: unit.cwd, env: {...unit.env, NO_COLOR: '1'}, reject: false, timeout: 20_000});
	let output = '';
	run.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		if (/MEMORY HISTORY/.test(output) && (output.match(/sidecar top: unit/g)?.length ?? 0) >= 2) {
			run.stdin!.write('q');
		}
	});
	const result = await run;
	t.is(result.exitCode, 0);
	const text = stripAnsi(output);
	t.regex(text, /sidecar top: unit .+ q or Ctrl-C quits/);
	t.regex(text, /NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+CPU HISTORY\s+MEMORY\s+MEMORY HISTORY/);
	t.regex(text, /\n\s*a\s+(running|ready)\s+\d+/);
});
