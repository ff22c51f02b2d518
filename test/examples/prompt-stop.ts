import {spawnSync} from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {startCli} from '../helpers/cli.js';
import {jsonLines} from '../helpers/processes.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {exampleDir, freePort, tempDir} from './_example.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// An idle keep-alive connection (a request answered, the socket kept by the agent) and one in use when SIGTERM
// comes (answered, but its body is still to arrive): Node's server.close() waits for that one for good, as for a
// keep-alive client that keeps asking (the metrics exporter scraping main).
async function openConnections(t: ExecutionContext, port: number): Promise<void> {
	const agent = new http.Agent({keepAlive: true});
	t.teardown(() => {
		agent.destroy();
	});
	await new Promise<void>((resolve, reject) => {
		http.get({host: '127.0.0.1', port, path: '/', agent}, response => {
			response.resume();
			response.on('end', resolve);
		}).on('error', reject);
	});
	const busy = net.connect(port, '127.0.0.1');
	t.teardown(() => busy.destroy());
	busy.on('error', () => {}); // The server ends it: that is the point.
	busy.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n');
	await new Promise(resolve => {
		busy.once('data', resolve);
	});
}

// `file` (an example's server) as main; `portVariable` names the environment variable of its port.
const stopsPromptly = test.macro(async (t, file: string, portVariable: string, extra: Record<string, string> = {}) => {
	const port = await freePort();
	const cwd = tempDir(t);
	const env = {XDG_RUNTIME_DIR: runtimeDir(t), [portVariable]: String(port), ...extra};
	const command = file.endsWith('.py') ? 'python3' : process.execPath;
	const supervisor = startCli(t, ['run', '--name', uniqueName('stop'), '--log-format', 'json', '--', command, file], {cwd, env});
	await waitFor(async () => new Promise(resolve => {
		const probe = net.connect(port, '127.0.0.1', () => {
			probe.destroy();
			resolve(true);
		}).on('error', () => {
			resolve(false);
		});
	}), 20_000, `${file} to listen on ${port}`);
	await openConnections(t, port);
	supervisor.kill('SIGTERM');
	const {exitCode, stdout} = await supervisor;
	const events = jsonLines(String(stdout)).filter(line => line.name === 'main');
	const stopping = events.find(line => line.event === 'stopping');
	const exited = events.find(line => line.event === 'exited');
	t.truthy(stopping && exited, String(stdout));
	const took = Date.parse(String(exited!.time)) - Date.parse(String(stopping!.time));
	t.log(`${file}: stopping → exited in ${took} ms`);
	t.is(exitCode, 0, 'main exited 0 by itself, not killed at its stopTimeout');
	t.true(took < 1000, `${took} ms`);
});

const servers: Array<[string, string, Record<string, string>?]> = [
	[path.join(root, 'app/server.js'), 'PORT', {LOG_FILE: 'logs/app.log'}],
	[path.join(exampleDir('metrics'), 'app.js'), 'APP_PORT'],
	[path.join(exampleDir('metrics'), 'exporter.js'), 'EXPORTER_PORT', {SCRAPE_URL: 'http://127.0.0.1:9/counters'}],
	[path.join(exampleDir('config-reload'), 'app.js'), 'APP_PORT', {CONFIG_FILE: path.join(exampleDir('config-reload'), 'settings.json')}],
	[path.join(exampleDir('auth-proxy'), 'app.js'), 'APP_PORT'],
	[path.join(exampleDir('auth-proxy'), 'upstream.js'), 'UPSTREAM_PORT'],
	[path.join(exampleDir('log-shipper'), 'collector.js'), 'COLLECTOR_PORT'],
	[path.join(exampleDir('real-world'), 'app.js'), 'APP_PORT'],
	[path.join(exampleDir('polyglot'), 'app.js'), 'APP_PORT', {FORTUNE_PORT: '9'}],
];
for (const [file, portVariable, extra] of servers) {
	test(`${path.relative(root, file)} stops within a second of SIGTERM with keep-alive connections open`, stopsPromptly, file, portVariable, extra);
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
(hasPython ? test : test.skip)('examples/polyglot/fortune.py stops within a second of SIGTERM with keep-alive connections open', stopsPromptly, path.join(exampleDir('polyglot'), 'fortune.py'), 'FORTUNE_PORT');
