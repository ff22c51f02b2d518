import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';

// `profiles` and `sidecar run --profile` (docs/config.md, Enabled and profiles).
const config = (name: string) => ({
	name,
	main: {command: fixture('forever.js')},
	sidecars: {
		base: {command: fixture('forever.js')},
		mock: {command: fixture('forever.js'), profiles: ['dev']},
		trace: {command: fixture('forever.js'), profiles: ['debug']},
	},
});

const states = async (unit: Awaited<ReturnType<typeof startUnit>>) =>
	Object.fromEntries((await unit.status()).processes.map(({name, state}) => [name, state]));

test('without --profile, the entries with profiles are declared but not started', async t => {
	const unit = await startUnit(t, config(uniqueName('profiles-none')));
	await waitAllReady(unit, ['main', 'base']);
	t.like(await states(unit), {mock: 'stopped', trace: 'stopped'});
	t.like(await unit.pids(), {mock: null, trace: null});
});

test('run --profile dev starts the entries with that profile, and only those of the profiles', async t => {
	const unit = await startUnit(t, config(uniqueName('profiles-dev')), {args: ['--profile', 'dev']});
	await waitAllReady(unit, ['main', 'base', 'mock']);
	t.is((await states(unit)).trace, 'stopped');
});

test('--profile is repeatable', async t => {
	const unit = await startUnit(t, config(uniqueName('profiles-both')), {args: ['--profile', 'dev', '-p', 'debug']});
	await waitAllReady(unit);
	t.is((await unit.status()).processes.length, 4);
});

test('a profile no entry has is refused with 64 before anything starts', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': config(uniqueName('profiles-typo'))});
	const {exitCode, stderr} = await runCli(['run', '--profile', 'dve'], {cwd});
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: unable to select profile "dve": no sidecar has it (profiles in the config: dev, debug)');
});

test('an entry the profile starts that depends on one it does not is a config error (78)', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['touch', 'started']},
		sidecars: {db: {command: ['touch', 'started'], profiles: ['db']}, api: {command: ['touch', 'started'], profiles: ['dev'], dependsOn: ['db']}},
	}});
	const {exitCode, stderr} = await runCli(['run', '--profile', 'dev'], {cwd});
	t.is(exitCode, 78);
	t.is(stderr.trim(), 'sidecar: sidecars.api.dependsOn: got "db", expected a sidecar the unit starts ("db" has profiles db and the profiles selected are dev)');
});
