import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {stringify} from 'yaml';
import {main} from '../lib/cli/main.js';
import {runCli} from '../test/helpers/cli.js';
import {mutateText, mutateValue, seeded, type Random} from './helpers/mutate.js';

// Every mutated config either loads or is refused with exit 78 and `sidecar: ...` lines: never a stack trace.
const CASES = Number(process.env.FAULTS_FUZZ_CASES ?? 1500);
const CLI_CASES = Number(process.env.FAULTS_FUZZ_CLI_CASES ?? 20);
const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);

const VALID = {
	name: 'shop',
	main: {command: ['node', 'server.js'], readiness: {http: 'http://127.0.0.1:8080/healthz', timeout: '30s'}, stopSignal: 'SIGTERM', stopTimeout: '10s'},
	sidecars: {
		logship: {
			command: ['node', 'ship.js'], start: 'before', dependsOn: ['cache'], readiness: {tcp: 9000, timeout: '30s'},
			liveness: {http: 'http://127.0.0.1:9000/healthz', interval: '5s', failureThreshold: 3}, restart: 'always',
			backoff: {initial: '100ms', max: '30s', factor: 2}, maxRestarts: {count: 10, window: '60s'}, critical: false,
			limits: {memory: '256MiB', cpu: 0.5, action: 'restart', enforce: 'auto'}, env: {A: '1'}, logs: {file: 'logs/ship.log', maxSize: '10MiB', keep: 5},
		},
		cache: {command: 'node cache.js', readiness: {log: 'ready'}},
		metrics: {command: ['node', 'exporter.js'], start: 'after', restart: 'on-failure'},
	},
	signals: {SIGHUP: 'main', SIGUSR1: 'main', SIGUSR2: 'sidecars'},
	logs: {format: 'pretty', timestamps: false},
	metrics: {port: 9464, host: '127.0.0.1'},
};

const FORMATS = {
	json: (config: unknown) => JSON.stringify(config, null, 2),
	yaml: (config: unknown) => stringify(config),
	ts: (config: unknown) => `import {defineConfig} from 'sidecar';\nexport default defineConfig(${JSON.stringify(config, null, 2)} as any);\n`,
	mjs: (config: unknown) => `export default ${JSON.stringify(config, null, 2)};\n`,
} as const;

type Format = keyof typeof FORMATS;
type Outcome = {code: number | 'threw'; stderr: string; stdout: string};

// A mutated config file: a value mutation written in a format, or a valid file with its text corrupted.
function makeCase(random: Random): {format: Format; text: string; change: string} {
	const format = (['json', 'json', 'yaml', 'yaml', 'ts', 'mjs'] as const)[Math.floor(random() * 6)]!;
	if (random() < 0.6) {
		const {config, change} = mutateValue(VALID, random);
		let text: string;
		try {
			text = FORMATS[format](config);
		} catch {
			text = FORMATS.json(config); // yaml refuses some shapes; JSON takes them all.
			return {format: 'json', text, change};
		}

		return {format, text: text ?? 'null', change};
	}

	const {text, change} = mutateText(FORMATS[format](VALID), random);
	return {format, text, change};
}

// `sidecar check --config FILE` in this process, with stdout and stderr captured (fast: thousands of cases).
async function checkInProcess(file: string): Promise<Outcome> {
	const out: string[] = [];
	const error: string[] = [];
	const [write, writeError] = [process.stdout.write, process.stderr.write];
	// As a stream's write does, each calls back once written: `check` awaits its output (lib/cli/print.ts).
	const capture = (into: string[]) => ((chunk: unknown, ...rest: unknown[]) => {
		into.push(String(chunk));
		const done = rest.find(item => typeof item === 'function') as (() => void) | undefined;
		if (done !== undefined) {
			queueMicrotask(done);
		}

		return true;
	}) as typeof process.stdout.write;
	process.stdout.write = capture(out);
	process.stderr.write = capture(error);
	try {
		return {code: await main(['check', '--config', file]), stdout: out.join(''), stderr: error.join('')};
	} catch (thrown) {
		return {code: 'threw', stdout: out.join(''), stderr: `${error.join('')}${(thrown as Error)?.stack ?? String(thrown)}`};
	} finally {
		process.stdout.write = write;
		process.stderr.write = writeError;
	}
}

// Why an outcome breaks the contract, or undefined when it keeps it.
function problem({code, stderr}: Outcome): string | undefined {
	if (code === 0) {
		return undefined;
	}

	if (code !== 78) {
		return `exit ${code}: ${stderr.slice(0, 300)}`;
	}

	const lines = stderr.trimEnd().split('\n');
	if (stderr.trim() === '' || lines.some(line => !line.startsWith('sidecar: ') || /^\s+at /.test(line))) {
		return `exit 78 without a clean message: ${stderr.slice(0, 300)}`;
	}

	return undefined;
}

test.serial(`mutated configs load or exit 78 with a message (in process, ${CASES} cases)`, async t => {
	t.timeout(300_000);
	t.log(`FAULTS_SEED=${SEED}`);
	const random = seeded(SEED);
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-fuzz-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const failures: string[] = [];
	const counts = {accepted: 0, refused: 0};
	for (let index = 0; index < CASES; index++) {
		const {format, text, change} = makeCase(random);
		const file = path.join(directory, `sidecar.config.${format}`);
		writeFileSync(file, text);
		const outcome = await checkInProcess(file);
		const wrong = problem(outcome);
		counts[outcome.code === 0 ? 'accepted' : 'refused']++;
		if (wrong !== undefined) {
			failures.push(`case ${index} (${format}, ${change}): ${wrong}`);
		}
	}

	t.log(`${counts.accepted} accepted, ${counts.refused} refused`);
	t.true(counts.refused > CASES / 4, 'the mutations should mostly produce invalid configs');
	t.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${CASES} broke the contract`);
});

test.serial(`mutated configs through the real CLI exit 0 or 78, never with a stack trace (${CLI_CASES} cases)`, async t => {
	t.timeout(300_000);
	const random = seeded(SEED + 1);
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-fuzz-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const failures: string[] = [];
	for (let index = 0; index < CLI_CASES; index++) {
		const {format, text, change} = makeCase(random);
		const file = path.join(directory, `case-${index}.${format}`);
		writeFileSync(file, text);
		const {exitCode, stdout, stderr} = await runCli(['check', '--config', file], {cwd: directory});
		const wrong = problem({code: exitCode, stdout, stderr});
		if (wrong !== undefined) {
			failures.push(`case ${index} (${format}, ${change}): ${wrong}`);
		}
	}

	t.deepEqual(failures, []);
});
