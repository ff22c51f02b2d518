import {accessSync, constants, copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {survivors} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {exampleDir, freePort, pidOf, request, startExample, tempDir, unitStatus} from './_example.js';

// Where a program would be found, looking in /usr/sbin too (Debian's nginx is there, off a user's PATH).
const findProgram = (name: string): string | undefined =>
	[...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'].map(directory => path.join(directory, name)).find(file => {
		try {
			accessSync(file, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});

const missing = ['nginx', 'prometheus-node-exporter'].filter(name => findProgram(name) === undefined);

// Skipped for a contributor without nginx and node-exporter who is not root (as root, .ci/run installs
// nginx-light and prometheus-node-exporter, so their absence there is a failure).
const canRun = missing.length === 0 || process.getuid?.() === 0;

(canRun ? test : test.skip)('nginx and node-exporter answer through the unit, and SIGHUP routed to nginx reloads its edited config', async t => {
	if (missing.length > 0) {
		t.fail(`${missing.join(' and ')} not installed: run .ci/run (it installs them when run as root)`);
		return;
	}

	const directory = tempDir(t);
	const site = path.join(directory, 'site.conf');
	copyFileSync(path.join(exampleDir('real-world'), 'site.conf'), site);
	const ports = {NGINX_PORT: await freePort(), APP_PORT: await freePort(), NODE_EXPORTER_PORT: await freePort()};
	const env = {...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), RUN_DIR: path.join(directory, 'run'), NGINX_SITE: site};
	const {subprocess, unit} = startExample(t, 'real-world', env);
	await waitForLine(subprocess.stdout, /sidecar +\| nginx ready/, 30_000);
	const nginx = (url: string) => request(`http://127.0.0.1:${ports.NGINX_PORT}${url}`);

	const page = await nginx('/');
	t.is(page.status, 200);
	t.is(page.headers.get('x-proxy'), 'nginx-sidecar');
	t.like(JSON.parse(page.body), {app: 'real-world', pid: await pidOf(unit, 'main')});
	t.regex((await nginx('/node-metrics')).body, /^node_load1 /m, 'node-exporter through nginx');
	t.regex((await request(`http://127.0.0.1:${ports.NODE_EXPORTER_PORT}/metrics`)).body, /^node_memory_MemTotal_bytes /m);
	const before = await unitStatus(unit);
	const enforcement = Object.fromEntries(before.processes.map(entry => [entry.name, entry.limits.enforcement]));
	t.not(enforcement.nginx, 'none', 'nginx has its memory limit');
	t.not(enforcement['node-exporter'], 'none', 'node-exporter has its memory limit');

	const master = await pidOf(unit, 'nginx');
	writeFileSync(site, readFileSync(site, 'utf8').replace('"nginx-sidecar"', '"nginx-sidecar-v2"'));
	subprocess.kill('SIGHUP');
	await waitFor(async () => (await nginx('/')).headers.get('x-proxy') === 'nginx-sidecar-v2', 10_000, 'nginx to serve the edited site');
	t.is(await pidOf(unit, 'nginx'), master, 'reloaded in place, not restarted');

	subprocess.kill('SIGTERM');
	const {exitCode, stdout, stderr} = await subprocess;
	t.is(exitCode, 0, stderr);
	t.regex(stdout, /nginx +! .*signal 1 \(SIGHUP\) received.*reconfiguring/);
	t.notRegex(stdout, /app got SIGHUP/, 'the signals table sent SIGHUP to nginx only');
	t.deepEqual(survivors(before.processes.map(entry => entry.pid!)), []);
});
