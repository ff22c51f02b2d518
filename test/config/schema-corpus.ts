import {readdirSync, readFileSync} from 'node:fs';
import test from 'ava';
import {interpolateConfig} from '../../lib/config/interpolate.js';
import {loadYaml} from '../../lib/config/load-data.js';
import {loadConfig} from '../../lib/config/load.js';
import {selectProfiles} from '../../lib/config/profiles.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {ConfigError, type Issue} from '../../lib/errors.js';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {compileSchema} from '../helpers/schema.js';

// schema.json and `sidecar check` over one corpus: each config is judged by both (the schema before interpolation,
// as an editor sees the file; check after, as sidecar reads it) and they must agree. A case marked with a heading
// of docs/config.md's "What schema.json cannot check" is a disagreement documented there, and must stay one.
const root = new URL('../../../', import.meta.url);
const docs = readFileSync(new URL('docs/config.md', root), 'utf8');
const {validate} = compileSchema();
const env = {PORT: '9000', TIMEOUT: '10s', SIGNAL: 'SIGHUP'};

type Case = {config: unknown; documented?: string};
const main = {command: ['node', 'app.js']};
const withMain = (spec: object): unknown => ({main: {...main, ...spec}});
const withSidecar = (spec: object, more: object = {}): unknown => ({main, sidecars: {s: {command: ['node', 's.js'], ...spec}, ...more}});
const probe = (readiness: object): unknown => withSidecar({readiness});

const valid: Record<string, Case> = {
	'the smallest config': {config: {main}},
	'every key of main': {config: withMain({
		stdin: 'ignore', readiness: {http: 'https://127.0.0.1:8443/', insecure: true, status: [200, 299], headers: {A: 'b'}, period: '5s', successThreshold: 2},
		liveness: {exec: 'true', action: 'exit', initialDelay: 0}, limits: {memory: 268_435_456, cpu: 0.5, enforce: 'polling', action: 'warn'},
		stopSignal: 'SIGINT', stopTimeout: '1.5s', env: {A: 'b'}, cwd: 'app', user: 0, group: 'nogroup', image: 'node:20',
		logs: {file: 'a.log', maxSize: '1 gb', keep: 0}, successCodes: [0, 3], neverRestartOn: [78], hooks: {postStart: ['true'], timeout: 100},
	})},
	'every key of a sidecar': {config: withSidecar({
		start: 'after', restart: 'on-failure', backoff: {initial: '1s', max: '1m', factor: 1, resetAfter: '1h'}, maxRestarts: {count: 0, window: '10m'},
		critical: true, liveness: {tcp: 'localhost:9000', action: 'restart'}, drain: {file: 'drained', timeout: '5s'}, dependsOn: ['t'],
	}, {t: {command: 'true', run: 'once'}})},
	'dependency conditions and onRestart, main\'s too': {config: {
		main: {...main, dependsOn: ['db', {name: 'proxy', condition: 'started', onRestart: {signal: 'SIGHUP'}}]},
		sidecars: {db: {command: 'x'}, migrate: {command: 'x', run: 'once'}, proxy: {command: 'x', dependsOn: [{name: 'migrate', condition: 'succeeded'}, {name: 'db', onRestart: 'restart'}]}},
	}},
	'a task at shutdown with a timeout': {config: withSidecar({run: 'once', start: 'shutdown', timeout: '10s', restart: 'never'})},
	'an external gate': {config: {main, sidecars: {db: {readiness: {tcp: 'db.internal:5432', timeout: '2m'}, start: 'before', dependsOn: []}}}},
	'units in any letter case, with spaces': {config: withMain({stopTimeout: ' 10 S ', limits: {memory: '0.5k', interval: '250MS'}})},
	'ports as a number, a string and an IPv6 address': {config: withSidecar({readiness: {tcp: '[::1]:65535'}, liveness: {tcp: 1}})},
	'a signal forwarded to a list and another dropped': {config: {...withSidecar({}) as object, signals: {SIGHUP: ['s', 'main'], SIGUSR1: 'none', SIGWINCH: 'all'}}},
	'values from the environment': {config: withSidecar({stopTimeout: '${TIMEOUT}', readiness: {tcp: '${PORT}', timeout: '${WAIT:-30s}'}})},
	'an optional env file that is missing and one that is there': {config: {main, envFile: ['.env', '-.env.local']}},
	'a drain delay': {config: withSidecar({drain: {delay: '2s'}})},
	'a metrics endpoint': {config: {main, metrics: {port: 9464, host: '0.0.0.0'}, logs: {format: 'json', timestamps: true}, shutdown: 'parallel'}},
	'an http API on loopback without a token': {config: {main, http: {port: 9465}}},
	'an http API on every address with a token': {config: {main, http: {port: 0, host: '0.0.0.0', token: 'x'.repeat(32)}, metrics: {port: 9464}}},
	'readiness announced on fd 3': {config: withMain({readiness: {notify: true, timeout: '5s'}})},
	'a unit name of 64 characters': {config: {main, name: `a${'b'.repeat(63)}`}},
	'a sidecar not started, and one with profiles': {config: withSidecar({enabled: false}, {p: {command: 'x', profiles: ['dev', 'debug.2']}})},
	'an entry with profiles depending on one not started': {config: withSidecar({enabled: false}, {p: {command: 'x', profiles: ['dev'], dependsOn: ['s']}})},
	'watches: a restart with every key, a signal, a step then a signal': {config: {
		main: {...main, watch: {paths: ['src', 'config/app.yaml'], ignore: ['**/*.test.ts', 'tmp'], include: ['*.ts'], debounce: '500ms', action: 'restart', cascade: true, when: 'dev', poll: '2s', maxDirs: 100}},
		sidecars: {proxy: {command: 'x', watch: {paths: ['/etc/proxy'], action: {signal: 'SIGHUP', to: 'group'}}}, nginx: {command: 'x', watch: {paths: ['/etc/nginx'], action: {exec: 'nginx -t', then: {signal: 'SIGHUP'}, timeout: '10s'}, when: 'always'}}},
	}},
};

const invalid: Record<string, Case> = {
	'a watch with no paths': {config: withMain({watch: {debounce: '1s'}})},
	'a watch step with no then': {config: withMain({watch: {paths: ['src'], action: {exec: 'make'}}})},
	'a watch that is sometimes': {config: withMain({watch: {paths: ['src'], when: 'sometimes'}})},
	'a watch signal to a neighbour': {config: withMain({watch: {paths: ['src'], action: {signal: 'SIGHUP', to: 'proxy'}}})},
	'an unknown top-level key': {config: {main, sidecar: {}}},
	'a misspelt key of main': {config: withMain({comand: 'x'})},
	'no main': {config: {sidecars: {}}},
	'main without a command': {config: {main: {stopTimeout: '1s'}}},
	'a blank shell command': {config: {main: {command: '  '}}},
	'an empty command array': {config: {main: {command: []}}},
	'an empty program': {config: {main: {command: ['', 'x']}}},
	'a duration in words': {config: withMain({stopTimeout: '10 seconds'})},
	'a negative duration': {config: withMain({stopTimeout: -5})},
	'a duration in days': {config: withSidecar({backoff: {max: '1d'}})},
	'a size in bananas': {config: withMain({limits: {memory: '12 bananas'}})},
	'a size of zero': {config: withMain({logs: {maxSize: '0MiB'}})},
	'a fraction of a byte': {config: withMain({limits: {memory: 1.5}})},
	'an unknown stop signal': {config: withMain({stopSignal: 'SIGFOO'})},
	'an unknown signal to forward': {config: {main, signals: {SIGFOO: 'main'}}},
	'forwarding SIGTERM, which stops the unit': {config: {main, signals: {SIGTERM: 'main'}}},
	'an empty list of targets': {config: {main, signals: {SIGHUP: []}}},
	'a target that is not a process kind': {config: {main, signals: {SIGHUP: 'everyone'}}},
	'a port above 65535': {config: probe({tcp: 70_000})},
	'port 0 after a host': {config: probe({tcp: 'localhost:0'})},
	'a port with a fraction': {config: probe({tcp: 80.5})},
	'an ftp URL': {config: probe({http: 'ftp://example.com/'})},
	'a status above 599': {config: probe({http: 'http://x/', status: 600})},
	'a status range with a fraction': {config: probe({http: 'http://x/', status: [200, 299.5]})},
	'two probe kinds': {config: probe({tcp: 9000, http: 'http://x/'})},
	'an http option on a tcp probe': {config: probe({tcp: 9000, insecure: true})},
	'readiness without a probe': {config: probe({timeout: '1s'})},
	'an empty log pattern': {config: probe({log: ''})},
	'a failure threshold of 0': {config: probe({tcp: 9000, failureThreshold: 0})},
	'a fractional success threshold': {config: probe({tcp: 9000, successThreshold: 1.5})},
	'a cpu limit of 0': {config: withMain({limits: {cpu: 0}})},
	'a backoff factor below 1': {config: withSidecar({backoff: {factor: 0.5}})},
	'a negative restart count': {config: withSidecar({maxRestarts: {count: -1}})},
	'a fractional number of log files': {config: withMain({logs: {file: 'a.log', keep: 1.5}})},
	'an exit code above 255': {config: withMain({successCodes: [256]})},
	'0 as a failure code': {config: withMain({neverRestartOn: [0]})},
	'a unit name with a space': {config: {main, name: 'my unit'}},
	'a unit name of 65 characters': {config: {main, name: `a${'b'.repeat(64)}`}},
	'a sidecar named main': {config: {main, sidecars: {main: {command: 'x'}}}},
	'a sidecar name starting with a dash': {config: {main, sidecars: {'-x': {command: 'x'}}}},
	'an env file named "-"': {config: {main, envFile: '-'}},
	'an empty working directory': {config: withMain({cwd: ''})},
	'a negative user id': {config: withMain({user: -1})},
	'an unknown run kind': {config: withSidecar({run: 'sometimes'})},
	'start: shutdown for a sidecar that is not a task': {config: withSidecar({start: 'shutdown'})},
	'a timeout on a sidecar that is not a task': {config: withSidecar({timeout: '10s'})},
	'a task with a readiness probe': {config: withSidecar({run: 'once', readiness: {tcp: 9000}})},
	'a task restarted always': {config: withSidecar({run: 'once', restart: 'always'})},
	'a task without a command': {config: {main, sidecars: {t: {run: 'once'}}}},
	'a sidecar with neither command nor readiness': {config: {main, sidecars: {s: {stopTimeout: '1s'}}}},
	'a gate with a log probe': {config: {main, sidecars: {g: {readiness: {log: 'ready'}}}}},
	'a gate with a stop timeout': {config: {main, sidecars: {g: {readiness: {tcp: 9000}, stopTimeout: '1s'}}}},
	'a sidecar liveness that only reports': {config: withSidecar({liveness: {tcp: 9000, action: 'report'}})},
	'a drain delay beside a probe': {config: withSidecar({drain: {delay: '1s', tcp: 9000}})},
	'an unknown dependency condition': {config: withSidecar({dependsOn: [{name: 't', condition: 'healthy'}]}, {t: {command: 'x'}})},
	'an onRestart that is no action': {config: withSidecar({dependsOn: [{name: 't', onRestart: 'reload'}]}, {t: {command: 'x'}})},
	'a dependency edge without a name': {config: withSidecar({dependsOn: [{condition: 'ready'}]})},
	'a negative metrics port': {config: {main, metrics: {port: -1}}},
	'a metrics host that is a number': {config: {main, metrics: {host: 5}}},
	'an http API without a port': {config: {main, http: {host: '127.0.0.1'}}},
	'an http token shorter than 16 characters': {config: {main, http: {port: 9465, token: 'short'}}},
	'an unknown log format': {config: {main, logs: {format: 'xml'}}},
	'enabled as a string': {config: withSidecar({enabled: 'no'})},
	'profiles as a string': {config: withSidecar({profiles: 'dev'})},
	'a profile name with a space': {config: withSidecar({profiles: ['my dev']})},
	'main not enabled': {config: withMain({enabled: false})},
	'main with profiles': {config: withMain({profiles: ['dev']})},
	// Documented: what JSON Schema cannot say.
	'a sidecar the unit starts depending on one it does not': {config: withSidecar({dependsOn: ['off']}, {off: {command: 'x', enabled: false}}), documented: 'Names that refer to other entries'},
	'an http API on every address without a token': {config: {main, http: {port: 9465, host: '0.0.0.0'}}, documented: 'Loopback addresses'},
	'the http port the metrics port': {config: {main, http: {port: 9465}, metrics: {port: 9465}}, documented: 'Comparisons between values'},
	'dependsOn naming no sidecar': {config: withSidecar({dependsOn: ['nope']}), documented: 'Names that refer to other entries'},
	'a signal forwarded to no such process': {config: {main, signals: {SIGHUP: ['nope']}}, documented: 'Names that refer to other entries'},
	'a dependency cycle': {config: {main, sidecars: {a: {command: 'x', dependsOn: ['b']}, b: {command: 'x', dependsOn: ['a']}}}, documented: 'Dependency order'},
	'a before sidecar depending on an after one': {config: withSidecar({dependsOn: ['a']}, {a: {command: 'x', start: 'after'}}), documented: 'Dependency order'},
	'a succeeded edge on a long-running sidecar': {config: withSidecar({dependsOn: [{name: 'a', condition: 'succeeded'}]}, {a: {command: 'x'}}), documented: 'Names that refer to other entries'},
	'main depending on an after sidecar': {config: {main: {...main, dependsOn: ['a']}, sidecars: {a: {command: 'x', start: 'after'}}}, documented: 'Dependency order'},
	'a status range upside down': {config: probe({http: 'http://x/', status: [399, 200]}), documented: 'Comparisons between values'},
	'a code that is both success and never-restart': {config: withSidecar({successCodes: [3], neverRestartOn: [3]}), documented: 'Comparisons between values'},
	'a log pattern that is no regular expression': {config: probe({log: '('}), documented: 'Regular expressions'},
	'a required env file that is missing': {config: {main, envFile: 'missing.env'}, documented: 'Files'},
	'a signal this system does not have': {config: withMain({stopSignal: 'SIGBREAK'}), documented: 'The running system\'s signals'},
	'a variable that is not set': {config: withMain({stopTimeout: '${UNSET_TIMEOUT}'}), documented: 'The environment'},
};

// Only a valid config: a reference where the schema has a fixed set of values (here, a signal name).
const referenceInAChoice: Case = {config: withMain({stopSignal: '${SIGNAL}'}), documented: 'The environment'};

// `sidecar check`'s verdict, in process: interpolate as for a JSON or YAML config, then resolve (lib/cli/config-input.ts).
function checkIssues(config: unknown, directory: string): Issue[] {
	try {
		selectProfiles(resolveConfig(interpolateConfig(config, env), directory), []);
		return [];
	} catch (error) {
		if (error instanceof ConfigError) {
			return error.issues;
		}

		throw error;
	}
}

const agrees = test.macro(async (t, {config, documented}: Case, checkAccepts: boolean) => {
	const directory = makeProject(t, {'.env': 'A=1\n'});
	const issues = checkIssues(config, directory);
	t.is(issues.length === 0, checkAccepts, JSON.stringify(issues));
	if (!checkAccepts) {
		t.is(issues.length, 1, `one rule per case: ${JSON.stringify(issues)}`);
	}

	const schemaAccepts = validate(config);
	if (documented === undefined) {
		t.is(schemaAccepts, checkAccepts, JSON.stringify(validate.errors));
	} else {
		t.not(schemaAccepts, checkAccepts, 'no longer a disagreement: take it out of docs/config.md');
		t.true(docs.includes(`**${documented}**`), `docs/config.md names "${documented}"`);
	}
});

for (const [title, item] of Object.entries(valid)) {
	test(`valid for both: ${title}`, agrees, item, true);
}

for (const [title, item] of Object.entries(invalid)) {
	test(`${item.documented === undefined ? 'invalid for both' : 'documented'}: ${title}`, agrees, item, false);
}

test('documented: a reference where the schema has a choice of values', agrees, referenceInAChoice, true);

test('the corpus has at least 40 configs, valid and invalid', t => {
	t.true(Object.keys(valid).length + Object.keys(invalid).length >= 40);
});

// The examples and the project's own config are TypeScript, and data once loaded: judged like any other.
const examples = readdirSync(new URL('examples', root)).map(name => `examples/${name}/sidecar.config.ts`);
for (const file of [...examples, 'sidecar.config.ts']) {
	test(`valid for both: ${file}`, async t => {
		const {input, directory} = await loadConfig(new URL(file, root).pathname, process.cwd());
		const config = JSON.parse(JSON.stringify(input)) as unknown; // As JSON would hold it: no undefined keys.
		t.deepEqual(checkIssues(config, directory), []);
		t.true(validate(config), JSON.stringify(validate.errors));
	});
}

for (const format of ['json', 'yaml']) {
	test(`valid for both: the ${format} config \`sidecar init\` writes`, async t => {
		const cwd = makeProject(t);
		t.is((await runCli(['init', '--format', format], {cwd})).exitCode, 0);
		const text = readFileSync(`${cwd}/sidecar.config.${format}`, 'utf8');
		const config = format === 'json' ? JSON.parse(text) as unknown : loadYaml('sidecar.config.yaml', text);
		t.deepEqual(checkIssues(config, cwd), []);
		t.true(validate(config), JSON.stringify(validate.errors));
	});
}
