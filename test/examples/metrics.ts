import test from 'ava';
import {survivors} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort, pidOf, request, startExample, unitStatus} from './_example.js';

// The value of one sample in Prometheus text, or undefined.
const sample = (text: string, name: string): number | undefined => {
	const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
	return match ? Number(match[1]) : undefined;
};

test('the exporter republishes the app\'s counters and its process tree usage, and carries on through an outage', async t => {
	const [appPort, exporterPort] = [await freePort(), await freePort()];
	const env = {APP_PORT: String(appPort), EXPORTER_PORT: String(exporterPort), SCRAPE_INTERVAL_MS: '300'};
	const {subprocess, unit} = startExample(t, 'metrics', env);
	await waitForLine(subprocess.stdout, /sidecar +\| exporter ready/, 20_000);
	for (const path of ['/order', '/order', '/order', '/missing']) {
		await request(`http://127.0.0.1:${appPort}${path}`); // eslint-disable-line no-await-in-loop
	}

	const metrics = async () => (await request(`http://127.0.0.1:${exporterPort}/metrics`)).body;
	const scraped = await waitFor(async () => {
		const text = await metrics();
		return sample(text, 'app_orders_total') === 3 && sample(text, 'app_errors_total') === 1 && sample(text, 'app_up') === 1 ? text : '';
	}, 10_000, 'the scraped counters');
	t.true(sample(scraped, 'app_process_resident_memory_bytes')! > 10 * 1024 * 1024, 'resident memory of the node app');
	t.true(sample(scraped, 'app_process_cpu_seconds_total')! > 0);
	t.is(sample(scraped, 'app_processes'), 1);

	const mainPid = await pidOf(unit, 'main');
	const exporterPid = await pidOf(unit, 'exporter');
	t.teardown(() => {
		try {
			process.kill(mainPid, 'SIGCONT');
		} catch {}
	});
	process.kill(mainPid, 'SIGSTOP'); // The app hangs: scrapes time out.
	await waitForLine(subprocess.stdout, /exporter +\| scrape of \S+ failed/, 10_000);
	const down = await waitFor(async () => {
		const text = await metrics();
		return sample(text, 'app_up') === 0 ? text : '';
	}, 5000, 'app_up 0');
	t.is(sample(down, 'app_orders_total'), 3, 'the last counters are kept');
	process.kill(mainPid, 'SIGCONT');
	await waitFor(async () => sample(await metrics(), 'app_up') === 1, 10_000, 'app_up 1 again');
	t.is(await pidOf(unit, 'exporter'), exporterPid, 'the exporter carried on');
	t.is((await unitStatus(unit)).processes.find(entry => entry.name === 'exporter')?.restarts, 0);

	subprocess.kill('SIGTERM');
	const {exitCode} = await subprocess;
	t.is(exitCode, 0);
	t.deepEqual(survivors([mainPid, exporterPid]), []);
});
