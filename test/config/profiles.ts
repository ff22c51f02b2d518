import test from 'ava';
import {partitionStarted, readProfiles, selectProfiles, startsWithUnit} from '../../lib/config/profiles.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {ConfigError, EXIT, type Issue, SidecarError} from '../../lib/errors.js';

const on = {enabled: true, profiles: []};

test('an entry starts when enabled and with no profiles, or one of its profiles selected', t => {
	t.true(startsWithUnit(on, []));
	t.true(startsWithUnit(on, ['dev']));
	t.false(startsWithUnit({enabled: false, profiles: []}, []));
	t.false(startsWithUnit({enabled: true, profiles: ['dev']}, []));
	t.true(startsWithUnit({enabled: true, profiles: ['debug', 'dev']}, ['dev']));
	t.false(startsWithUnit({enabled: true, profiles: ['dev']}, ['debug']));
	t.false(startsWithUnit({enabled: false, profiles: ['dev']}, ['dev']), 'enabled: false wins over a selected profile');
});

test('partitionStarted keeps each list in the given order', t => {
	const members = [{spec: on, id: 1}, {spec: {enabled: false, profiles: []}, id: 2}, {spec: {enabled: true, profiles: ['dev']}, id: 3}, {spec: on, id: 4}];
	const [starts, held] = partitionStarted(members, []);
	t.deepEqual([starts.map(({id}) => id), held.map(({id}) => id)], [[1, 4], [2, 3]]);
});

test('profiles are names; a repeated one counts once', t => {
	const issues: Issue[] = [];
	t.deepEqual(readProfiles('p', ['dev', 'dev', 'ci.2'], issues), ['dev', 'ci.2']);
	t.deepEqual(readProfiles('p', undefined, issues), []);
	t.deepEqual(issues, []);
	readProfiles('p', 'dev', issues);
	readProfiles('p', ['-x'], issues);
	t.is(issues.length, 2);
	t.regex(issues[0]!.expected, /^an array of profile names/);
});

const config = (sidecars: Record<string, object>) => resolveConfig({main: {command: 'true'}, sidecars}, '/tmp');

test('selectProfiles records the selection', t => {
	t.deepEqual(selectProfiles(config({a: {command: 'true', profiles: ['dev']}}), ['dev', 'dev']).profiles, ['dev']);
	t.deepEqual(selectProfiles(config({}), []).profiles, []);
});

test('a profile no entry has is a usage error naming the profiles there are', t => {
	const error = t.throws(() => selectProfiles(config({a: {command: 'true', profiles: ['dev', 'ci']}}), ['dve']));
	t.true(error instanceof SidecarError);
	t.is((error as SidecarError).exitCode, EXIT.usage);
	t.is(error?.message, 'unable to select profile "dve": no sidecar has it (profiles in the config: dev, ci)');
	t.is(t.throws(() => selectProfiles(config({}), ['dev']))?.message, 'unable to select profile "dev": no sidecar has it (profiles in the config: none)');
});

test('an entry that starts, depending on one that does not, is a config error naming the edge and why', t => {
	const sidecars = {db: {command: 'true', enabled: false}, cache: {command: 'true', profiles: ['dev']}, api: {command: 'true', dependsOn: ['db', 'cache']}};
	const error = t.throws(() => selectProfiles(config(sidecars), [])) as ConfigError;
	t.true(error instanceof ConfigError);
	t.deepEqual(error.issues.map(({given, expected}) => [given, expected]), [
		['db', 'a sidecar the unit starts ("db" has enabled: false)'],
		['cache', 'a sidecar the unit starts ("cache" has profiles dev and no profile is selected)'],
	]);
	t.is(t.throws(() => selectProfiles(config(sidecars), ['dev']))?.message.split('\n').length, 1, 'dev starts cache; db is still off');
});

test('entries that do not start may depend on anything', t => {
	t.notThrows(() => selectProfiles(config({db: {command: 'true', enabled: false}, tool: {command: 'true', enabled: false, dependsOn: ['db']}}), []));
});
