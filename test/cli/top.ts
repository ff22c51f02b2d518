import {spawnSync} from 'node:child_process';
import {execa} from 'execa';
import test from 'ava';
import {BIN} from '../helpers/cli.js';
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

// Every control sequence top writes (colours, alternate screen, cursor, clear), so only the text is left.
// eslint-disable-next-line no-control-regex
const stripControl = (text: string): string => text.replaceAll(/\u001B\[[?\d;]*[A-Za-z]/g, '');

// `script` gives top a pseudo-terminal of `columns` (stty sizes it); q on its stdin quits after two refreshes.
const inTerminal = test.macro(async (t, columns: number, header: RegExp) => {
	const unit = await startUnit(t, config(uniqueName('top-tty')));
	const command = `stty cols ${columns} rows 30; exec ${process.execPath} ${BIN} top --interval 200`;
	const run = execa('script', ['-qfec', command, '/dev/null'], {cwd: unit.cwd, env: {...unit.env, NO_COLOR: '1'}, reject: false, timeout: 20_000});
	let output = '';
	let quit = false;
	run.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		if (!quit && (output.match(/NAME +STATE/g)?.length ?? 0) >= 2) {
			quit = true;
			run.stdin!.write('q');
		}
	});
	const result = await run;
	t.is(result.exitCode, 0);
	const lines = stripControl(output).split(/\r?\n/);
	t.true(lines.some(line => header.test(line)), stripControl(output).slice(-2000));
	t.true(lines.some(line => /^a\s+(running|ready)\s/.test(line)));
	const widest = lines.reduce((longest, line) => (line.length > longest.length ? line : longest), '');
	t.true(widest.length <= columns, `a line is ${widest.length} wide in ${columns} columns: ${JSON.stringify(widest)}`);
});

(hasScript ? test : test.skip)('top in a 200-column terminal shows every column and 30 samples of history', inTerminal, 200,
	/^NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+CPU HISTORY {20,}\s+MEMORY\s+MEMORY HISTORY$/);
// How much cpu history fits at 60 depends on how wide the numbers are; memory history never does.
(hasScript ? test : test.skip)('top in a 60-column terminal drops history columns and fits', inTerminal, 60,
	/^NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+(CPU HISTORY\s+)?MEMORY$/);
