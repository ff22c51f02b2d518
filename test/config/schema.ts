import {constants} from 'node:os';
import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {parseDuration, parseSize} from '../../lib/config/units.js';
import {ConfigError} from '../../lib/errors.js';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {compileSchema, schema, type Schema} from '../helpers/schema.js';

const definitions = schema.definitions!;
const at = (name: string): Schema => definitions[name]!;

// Every object key the schema knows at a place, including the keys of each probe kind.
const keysOf = (node: Schema): string[] =>
	[...new Set([...Object.keys(node.properties ?? {}), ...(node.anyOf ?? []).flatMap(branch => keysOf(branch))])].sort();

// What the resolver allows at `path`: the list its "no such key" error gives (lib/config/fields.ts).
function allowedAt(input: Record<string, unknown>, path: string): string[] {
	try {
		resolveConfig(input, '/tmp');
	} catch (error) {
		const issue = (error as ConfigError).issues.find(issue => issue.path === `${path}.zzzz` || issue.path === 'zzzz');
		const list = /\(allowed: (.+)\)$/.exec(issue?.expected ?? '')?.[1];
		if (list !== undefined) {
			return list.split(', ').sort();
		}
	}

	throw new Error(`no "allowed" list for ${path}`);
}

const bogus = {zzzz: 1};
const sidecar = (spec: Record<string, unknown>) => ({main: {command: 'a'}, sidecars: {s: {command: 'a', ...spec}}});
const places: Array<[string, Schema, Record<string, unknown>, string]> = [
	['the top level', at('SidecarConfig'), bogus, ''],
	['main', at('MainSpec'), {main: {command: 'a', ...bogus}}, 'main'],
	['a sidecar', at('SidecarSpec'), sidecar(bogus), 'sidecars.s'],
	['limits', at('LimitsSpec'), sidecar({limits: bogus}), 'sidecars.s.limits'],
	['backoff', at('BackoffSpec'), sidecar({backoff: bogus}), 'sidecars.s.backoff'],
	['maxRestarts', at('MaxRestartsSpec'), sidecar({maxRestarts: bogus}), 'sidecars.s.maxRestarts'],
	['a log file', at('LogFileSpec'), sidecar({logs: bogus}), 'sidecars.s.logs'],
	['readiness', at('ReadinessSpec'), sidecar({readiness: {tcp: 1, ...bogus}}), 'sidecars.s.readiness'],
	['liveness', at('LivenessSpec'), sidecar({liveness: {tcp: 1, ...bogus}}), 'sidecars.s.liveness'],
	['drain', at('DrainSpec'), sidecar({drain: {tcp: 1, ...bogus}}), 'sidecars.s.drain'],
	['hooks', at('HooksSpec'), sidecar({hooks: bogus}), 'sidecars.s.hooks'],
	['logs', at('UnitLogsSpec'), {main: {command: 'a'}, logs: bogus}, 'logs'],
	['metrics', at('MetricsSpec'), {main: {command: 'a'}, metrics: bogus}, 'metrics'],
];

for (const [place, node, input, path] of places) {
	test(`the schema has the keys the resolver allows at ${place}`, t => {
		t.deepEqual(keysOf(node).filter(key => key !== '$schema'), allowedAt(input, path));
	});
}

test('every key in the schema has a description for editor hovers', t => {
	const missing: string[] = [];
	const walk = (node: Schema, path: string) => {
		for (const [key, child] of Object.entries(node.properties ?? {})) {
			if (child.description === undefined && !(path.startsWith('SidecarConfig.signals'))) {
				missing.push(`${path}.${key}`);
			}

			walk(child, `${path}.${key}`);
		}

		for (const branch of node.anyOf ?? []) {
			walk(branch, path);
		}
	};

	for (const [name, node] of Object.entries(definitions)) {
		walk(node, name);
	}

	t.deepEqual(missing, []);
	t.is(at('SidecarConfig').additionalProperties, false);
});

const samples = ['0s', '0MiB', '0.5K', '0.0K', '00', '250ms', '10s', '2m', '1h', '1.5s', '10 S', ' 3MS ', '10 seconds', '-5s', 's', '10d', '12', '512KiB', '256MiB', '1GiB', '512K', '1 gb', '12 bananas', '1.5G'];

test('the duration pattern accepts exactly the strings sidecar accepts', t => {
	const pattern = new RegExp(at('Duration').pattern!);
	for (const sample of samples) {
		t.is(pattern.test(sample), parseDuration(sample) !== undefined, sample);
	}
});

test('the size pattern accepts exactly the strings sidecar accepts', t => {
	const pattern = new RegExp(at('Size').pattern!);
	for (const sample of samples) {
		t.is(pattern.test(sample), parseSize(sample) !== undefined, sample);
	}
});

test('the schema compiles in Ajv\'s strict mode, in the draft it declares', t => {
	t.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
	const {strictMessages} = compileSchema();
	// The one allowance (test/helpers/schema.ts): Command's open tuple, reported once per place that uses it.
	t.deepEqual([...new Set(strictMessages)], ['strict mode: "items" is 1-tuple, but minItems or maxItems/additionalItems are not specified or different at path "#/definitions/Command/anyOf/1"']);
});

test('every signal name Node knows here is a signal name in the schema and the types', t => {
	const names = at('SignalName').enum!;
	t.deepEqual(Object.keys(constants.signals).filter(name => !names.includes(name)), []);
});

const acceptsSchemaKey = test.macro(async (t, file: string, contents: string) => {
	const cwd = makeProject(t, {[file]: contents});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	t.false('$schema' in JSON.parse(stdout));
});

test('"$schema" is accepted in a JSON config', acceptsSchemaKey, 'sidecar.config.json',
	JSON.stringify({$schema: './node_modules/sidecar/schema.json', main: {command: ['node', 'a.js']}}));
test('"$schema" is accepted in a YAML config', acceptsSchemaKey, 'sidecar.config.yaml',
	'$schema: ./node_modules/sidecar/schema.json\nmain:\n  command: [node, a.js]\n');
