import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {BIN} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

// Before: every profiler tick was a stray signal ("ignoring SIGPROF"), and the supervisor died of the default action
// as it removed its listeners, with no profile written.
test('the supervisor runs under `node --cpu-prof` and writes its profile', async t => {
	const dir = makeProject(t);
	const result = await execa(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, BIN, 'run', '--name', `prof-${process.pid}`, '--', 'sleep', '0.5'], {cwd: dir, reject: false, timeout: 30_000});
	t.is(result.exitCode, 0, String(result.stderr));
	t.notRegex(String(result.stderr), /SIGPROF/);
	const profiles = readdirSync(dir).filter(file => file.endsWith('.cpuprofile'));
	t.is(profiles.length, 1);
	t.true((JSON.parse(readFileSync(path.join(dir, profiles[0]!), 'utf8')) as {samples: number[]}).samples.length > 10);
});
