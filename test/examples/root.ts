import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {startCli} from '../helpers/cli.js';
import {survivors} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort, request, tempDir, unitStatus} from './_example.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the README\'s `npx sidecar run` unit serves main, ships its log lines and republishes its counters, then stops cleanly', async t => {
	const data = tempDir(t);
	const ports = {PORT: await freePort(), METRICS_PORT: await freePort(), COLLECTOR_PORT: await freePort()};
	const env = {...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), SIDECAR_EXAMPLE_DIR: data};
	const unit = `example-test-${process.pid}`;
	const subprocess = startCli(t, ['run', '--name', unit], {cwd: root, env});
	await waitForLine(subprocess.stdout, /sidecar +\| metrics ready/, 30_000);

	const page = await request(`http://127.0.0.1:${ports.PORT}/hello`);
	t.is(page.status, 200);
	t.regex(page.body, /from pid \d+/);
	await waitFor(async () => /^app_requests_total 1$/m.test((await request(`http://127.0.0.1:${ports.METRICS_PORT}/`)).body), 15_000, 'the scraped counter');
	const received = path.join(data, 'collector', 'received.jsonl');
	await waitFor(() => {
		try {
			return readFileSync(received, 'utf8').includes('GET /hello');
		} catch {
			return false;
		}
	}, 10_000, 'the shipped log line');
	const pids = (await unitStatus(unit)).processes.map(entry => entry.pid!);

	subprocess.kill('SIGTERM');
	const {exitCode, stdout} = await subprocess;
	t.is(exitCode, 0);
	t.regex(stdout, /sidecar +\| prepare exited \(pid \d+, code 0\)[\s\S]*sidecar +\| collector starting/, 'the task completed before the sidecars that depend on it started');
	t.regex(stdout, /collector stopped/);
	t.deepEqual(survivors(pids), []);
});
