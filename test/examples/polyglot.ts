import path from 'node:path';
import test from 'ava';
import {survivors} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort, pidOf, request, startExample, tempDir, unitStatus} from './_example.js';

type Answer = {fortune: {fortune?: string; pid?: number; python?: string; error?: string}; heartbeat: string};

test('a Node app is served by a Python and a shell helper, each restarted alone when it crashes', async t => {
	const [appPort, fortunePort] = [await freePort(), await freePort()];
	const env = {APP_PORT: String(appPort), FORTUNE_PORT: String(fortunePort), HEARTBEAT_FILE: path.join(tempDir(t), 'heartbeat.txt'), HEARTBEAT_SECONDS: '1'};
	const {subprocess, unit} = startExample(t, 'polyglot', env);
	await waitForLine(subprocess.stdout, /sidecar +\| main ready/, 20_000);
	const ask = async () => JSON.parse((await request(`http://127.0.0.1:${appPort}/`)).body) as Answer;
	const first = await ask();
	t.regex(first.fortune.python ?? '', /^3\./);
	t.regex(first.heartbeat, /^beat \d+ at .*, load /);

	const mainPid = await pidOf(unit, 'main');
	const fortunePid = await pidOf(unit, 'fortune');
	t.is(first.fortune.pid, fortunePid);
	process.kill(fortunePid, 'SIGKILL');
	const second = await waitFor(async () => {
		const answer = await ask();
		return answer.fortune.pid && answer.fortune.pid !== fortunePid ? answer : undefined;
	}, 10_000, 'a restarted fortune teller');
	t.truthy(second.fortune.fortune);

	const heartbeatPid = await pidOf(unit, 'heartbeat');
	process.kill(heartbeatPid, 'SIGKILL');
	await waitForLine(subprocess.stdout, /heartbeat +\| heartbeat writing/, 10_000);
	const status = await unitStatus(unit);
	t.like(Object.fromEntries(status.processes.map(entry => [entry.name, entry.restarts])), {fortune: 1, heartbeat: 1, main: 0});
	t.is(await pidOf(unit, 'main'), mainPid, 'main was never touched');

	subprocess.kill('SIGTERM');
	const {exitCode, stdout} = await subprocess;
	t.is(exitCode, 0);
	t.regex(stdout, /heartbeat +\| heartbeat stopping/, 'the shell script handled SIGTERM');
	t.deepEqual(survivors(status.processes.map(entry => entry.pid!)), []);
});
