import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli, startCli} from '../helpers/cli.js';
import {FIXTURES} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {waitForLine} from '../helpers/wait-for.js';

const forever = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(FIXTURES, 'forever.js'))}`;
// Prints its PORT, then runs until the file `stop-NAME` appears and exits 3.
const untilFile = (name: string) => `echo "${name} PORT=$PORT"; while [ ! -f stop-${name} ]; do sleep 0.05; done; exit 3`;
const procfile = [`web: echo "web PORT=$PORT"; ${forever}`, `worker: ${untilFile('worker')}`, `clock: echo "clock PORT=$PORT"; ${forever}`].join('\n');

test('run --procfile gives each process foreman\'s PORT: 5000 + 100 × its position', async t => {
	const cwd = makeProject(t, {Procfile: `${procfile}\n`});
	const supervisor = startCli(t, ['run', '--procfile'], {cwd});
	const lines = [waitForLine(supervisor.stdout!, /web PORT=5000$/m), waitForLine(supervisor.stdout!, /worker PORT=5100$/m), waitForLine(supervisor.stdout!, /clock PORT=5200$/m)];
	await t.notThrowsAsync(Promise.all(lines));
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 143); // main died of the TERM passed on to it: 128 + 15, as foreman's shell would say.
});

test('run --procfile -m worker=2 -p 6000: instances count up by one from their process\'s port', async t => {
	const cwd = makeProject(t, {'Procfile.dev': `${procfile}\n`});
	const supervisor = startCli(t, ['run', '--procfile', 'Procfile.dev', '-m', 'worker=2', '-p', '6000'], {cwd});
	await t.notThrowsAsync(Promise.all([
		waitForLine(supervisor.stdout!, /web PORT=6000$/m),
		waitForLine(supervisor.stdout!, /worker-0 +\| worker PORT=6100$/m),
		waitForLine(supervisor.stdout!, /worker-1 +\| worker PORT=6101$/m),
		waitForLine(supervisor.stdout!, /clock PORT=6200$/m),
	]));
	supervisor.kill('SIGTERM');
	await supervisor;
});

test('run --procfile: any process that exits stops them all, with its exit code', async t => {
	const cwd = makeProject(t, {Procfile: `${procfile}\n`});
	const supervisor = startCli(t, ['run', '--procfile'], {cwd});
	await waitForLine(supervisor.stdout!, /main ready/);
	writeFileSync(path.join(cwd, 'stop-worker'), '');
	const {exitCode, stdout} = await supervisor;
	t.is(exitCode, 3);
	t.regex(String(stdout), /worker exited \(exit code 3\): a Procfile unit stops when any process exits/);
	t.regex(String(stdout), /main stopped/);
	t.regex(String(stdout), /clock stopped/);
});

test('run --procfile --restart: a process that exits is restarted and the others keep running', async t => {
	const cwd = makeProject(t, {Procfile: `${procfile}\n`});
	const supervisor = startCli(t, ['run', '--procfile', '--restart'], {cwd});
	await waitForLine(supervisor.stdout!, /main ready/);
	writeFileSync(path.join(cwd, 'stop-worker'), '');
	await waitForLine(supervisor.stdout!, /worker restarting/);
	await waitForLine(supervisor.stdout!, /worker +\| worker PORT=5100$/m); // Started again.
	supervisor.kill('SIGTERM');
	const {stdout} = await supervisor;
	t.regex(String(stdout), /main stopping \(pid \d+, signal SIGTERM\)/, 'main ran until the TERM');
});

const refused = test.macro(async (t, files: Record<string, string>, args: string[], code: number, message: RegExp) => {
	const cwd = makeProject(t, files);
	const {exitCode, stderr} = await runCli(['run', ...args], {cwd});
	t.is(exitCode, code);
	t.regex(stderr, message);
});

test('run --procfile with no Procfile exits 66 naming it', refused, {}, ['--procfile'], 66, /unable to read Procfile: ENOENT/);
test('run --procfile -m with a name the Procfile lacks is a usage error', refused, {Procfile: procfile}, ['--procfile', '-m', 'db=1'], 64, /-m got "db=1", expected NAME=N with NAME one of all, web, worker, clock/);
test('run --procfile -m web=2 is refused: main runs once', refused, {Procfile: procfile}, ['--procfile', '-m', 'web=2'], 64, /web is main and runs one instance/);
test('run --procfile with no process line exits 65 with its line and column', refused, {Procfile: '# nothing\n'}, ['--procfile'], 65, /Procfile:1:1: no process line/);
test('run --procfile with --config is refused: the Procfile is the whole unit', refused, {Procfile: procfile}, ['--procfile', '--config', 'x.yaml'], 64, /--procfile runs the Procfile's processes; it takes no --config/);
