import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {survivors} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort, pidOf, request, startExample, tempDir} from './_example.js';

type Served = {greeting: string; maxItems: number; version: number; pid: number};

test('an edited config is validated, published and reloaded in the same process; an invalid one is refused', async t => {
	const directory = tempDir(t);
	const source = path.join(directory, 'settings.json');
	writeFileSync(source, JSON.stringify({greeting: 'hello', maxItems: 10}));
	const port = await freePort();
	const env = {APP_PORT: String(port), CONFIG_SOURCE: source, CONFIG_FILE: path.join(directory, 'live', 'settings.json')};
	const {subprocess, unit} = startExample(t, 'config-reload', env);
	await waitForLine(subprocess.stdout, /sidecar +\| main ready/, 20_000);
	const served = async () => JSON.parse((await request(`http://127.0.0.1:${port}/`)).body || 'null') as Served | null;
	const first = (await served())!;
	t.like(first, {greeting: 'hello', version: 1});
	t.is(first.pid, await pidOf(unit, 'main'));

	writeFileSync(source, JSON.stringify({greeting: 'bonjour', maxItems: 20}, null, 2));
	await waitForLine(subprocess.stdout, /main +\| reloaded config version 2: greeting "bonjour"/);
	const second = await waitFor(async () => {
		const value = await served();
		return value?.greeting === 'bonjour' ? value : undefined;
	}, 5000, 'the new greeting');
	t.like(second, {maxItems: 20, version: 2, pid: first.pid});

	writeFileSync(source, JSON.stringify({greeting: 42, maxItems: 20}));
	await waitForLine(subprocess.stdout, /config +\| +greeting: got 42, expected a non-empty string/);
	writeFileSync(source, '{"greeting": "half a fil');
	await waitForLine(subprocess.stdout, /config +\| +not JSON/);
	t.like(await served(), {greeting: 'bonjour', version: 2, pid: first.pid});

	subprocess.kill('SIGTERM');
	const {exitCode, stdout} = await subprocess;
	t.is(exitCode, 0);
	t.is(stdout.match(/main +\| reloaded config/g)?.length, 1, 'refused configs are never reloaded');
	t.regex(stdout, /main exited \(pid \d+, code 0\)/);
	t.deepEqual(survivors([first.pid]), []);
});
