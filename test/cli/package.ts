import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {execa, type Options} from 'execa';
import {parse as parseYaml} from 'yaml';
import {assertNoNodeNoise} from '../helpers/cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	version: string; scripts: Record<string, string>; exports: Record<string, unknown>; files: string[]; repository?: unknown; homepage?: string; bugs?: unknown;
};

// A folder outside the repository, removed after the test.
function outside(t: ExecutionContext, prefix: string): string {
	const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	return directory;
}

const run = async (file: string, args: string[], options: Options) => {
	const result = await execa(file, args, {reject: false, all: true, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: ''}, ...options});
	return {exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), all: String(result.all)};
};

// A fresh project folder with its package.json; `type` as npm writes it (`npm init` gives "commonjs").
function project(t: ExecutionContext, type: 'module' | 'commonjs'): string {
	const directory = outside(t, `sidecar-${type}-`);
	writeFileSync(path.join(directory, 'package.json'), JSON.stringify({name: `try-sidecar-${type}`, private: true, type}));
	return directory;
}

const install = async (t: ExecutionContext, cwd: string, args: string[]) => {
	const result = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...args], {cwd});
	t.is(result.exitCode, 0, result.all);
};

// `npx --no`: never fetch the unrelated registry package that is also called sidecar.
const sidecar = async (cwd: string, args: string[]) => run('npx', ['--no', 'sidecar', ...args], {cwd});

// The config `sidecar init` writes type-checks under the project's own tsc, configured as `tsc --init` does
// (TypeScript 5.9: module nodenext, verbatimModuleSyntax); then a TS config of the same name runs.
async function initTypeCheckAndRun(t: ExecutionContext, cwd: string, configFile: string, start: (args: string[]) => ReturnType<typeof sidecar>) {
	const init = await start(['init']);
	t.is(init.exitCode, 0, init.all);
	t.is(init.stdout.trim(), `wrote ${path.join(cwd, configFile)}`);
	t.is((await run(process.execPath, [TSC, '--init'], {cwd})).exitCode, 0);
	const tsc = await run(process.execPath, [TSC, '--noEmit', '-p', '.'], {cwd});
	t.is(tsc.exitCode, 0, `tsc on ${configFile}:\n${tsc.all}`);
	writeFileSync(path.join(cwd, configFile), 'import {defineConfig} from \'sidecar\';\nexport default defineConfig({main: {command: [\'node\', \'-e\', \'process.exit(3)\'], stopTimeout: \'2s\'}});\n');
	const exit3 = await start(['run']);
	t.is(exit3.exitCode, 3, exit3.all);
	assertNoNodeNoise(exit3.stderr);
}

// One tarball for the tests of this file, packed without scripts: prepack would rebuild dist/ under the other tests
// running from it. The schema is written again so the tarball has the current one.
let packed: Promise<{tarball: string; files: string[]; size: number; unpackedSize: number}> | undefined;
async function pack(): Promise<NonNullable<Awaited<typeof packed>>> {
	packed ??= (async () => {
		await run(process.execPath, ['tools/schema.js'], {cwd: REPO});
		const into = mkdtempSync(path.join(os.tmpdir(), 'sidecar-pack-'));
		process.once('exit', () => {
			rmSync(into, {recursive: true, force: true});
		});
		const result = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], {cwd: REPO});
		const [{filename, files, size, unpackedSize}] = JSON.parse(result.stdout) as [{filename: string; files: Array<{path: string}>; size: number; unpackedSize: number}];
		return {tarball: path.join(into, filename), files: files.map(file => file.path), size, unpackedSize};
	})();
	return packed;
}

test('the manifest builds on prepack and, where the sources are, on prepare; exports the schema; names where it lives', t => {
	t.is(manifest.scripts.prepack, 'npm run build');
	t.is(manifest.scripts.prepare, 'node tools/prepare.js'); // Git dependencies get `prepare`, never `prepack`.
	t.regex(manifest.scripts.build!, /^tsc -p tsconfig\.json && node tools\/bundle\.js && npm run schema$/);
	t.false('postinstall' in manifest.scripts);
	t.false('install' in manifest.scripts);
	t.is(manifest.exports['./schema.json'], './schema.json');
	t.is(manifest.exports['./package.json'], './package.json');
	t.truthy(manifest.repository);
	t.truthy(manifest.homepage);
	t.truthy(manifest.bugs);
});

// What a user needs: the command, the library entry (defineConfig) with its types, the schema, docs and examples.
const SHIPPED = [/^(LICENSE|README\.md|package\.json|schema\.json)$/, /^bin\/launcher\.js$/, /^dist\/cli\/(sidecar|chunks\/[\w-]+)\.js$/, /^docs\/[\w-]+\.md$/, /^lib\/http\/page\/index\.html$/, /^examples\/[\w-]+\/[\w./-]+$/];
const LIBRARY = ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/config/define-config.js', 'dist/lib/config/define-config.d.ts', 'dist/lib/config/types.d.ts',
	'dist/lib/config/spec-values.d.ts', 'dist/lib/config/probe-spec.d.ts', 'dist/lib/config/replicas-spec.d.ts', 'dist/lib/config/schedule-spec.d.ts', 'dist/lib/config/watch-spec.d.ts', 'dist/lib/config/notify-spec.d.ts', 'dist/lib/config/listener-spec.d.ts', 'dist/lib/config/socket-spec.d.ts', 'dist/lib/config/sidecar-config.d.ts', 'dist/lib/config/resolved-config.d.ts'];

test('the tarball holds the command, defineConfig and its types, the schema, docs and examples, and nothing else', async t => {
	t.timeout(120_000);
	const {files, size, unpackedSize} = await pack();
	const unexpected = files.filter(file => !LIBRARY.includes(file) && !SHIPPED.some(pattern => pattern.test(file)));
	t.deepEqual(unexpected, []);
	t.deepEqual(LIBRARY.filter(file => !files.includes(file)), []);
	for (const needed of ['LICENSE', 'README.md', 'schema.json', 'docs/config.md', 'examples/log-shipper/sidecar.config.ts', 'bin/launcher.js', 'dist/cli/sidecar.js', 'lib/http/page/index.html']) {
		t.true(files.includes(needed), `${needed} is in the tarball`);
	}

	// Every relative import of the library's files (code and types) is one of the shipped files.
	for (const file of LIBRARY) {
		for (const [, specifier] of readFileSync(path.join(REPO, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
			const target = path.posix.join(path.posix.dirname(file), specifier!);
			const shipped = file.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target;
			t.true(files.includes(shipped), `${file} imports ${specifier}, which ships`);
		}
	}

	t.log(`${files.length} files, ${(size / 1024).toFixed(0)} KiB packed, ${(unpackedSize / 1024).toFixed(0)} KiB unpacked`);
});

// The schema an editor reads for a JSON or YAML config: the file `init` names, read from beside the config.
function schemaNamedBy(t: ExecutionContext, cwd: string, file: string): {properties?: unknown; $ref?: string} {
	const text = readFileSync(path.join(cwd, file), 'utf8');
	const named = file.endsWith('.json') ? (JSON.parse(text) as {$schema: string}).$schema : /yaml-language-server: \$schema=(\S+)/.exec(text)![1]!;
	const schema = path.resolve(cwd, named);
	t.is(schema, path.join(cwd, 'node_modules', 'sidecar', 'schema.json'));
	return JSON.parse(readFileSync(schema, 'utf8')) as {$ref?: string};
}

test.serial('installed from the tarball into an ES-module project: npx sidecar runs, its TS config type-checks, JSON and YAML configs find the schema', async t => {
	t.timeout(600_000);
	const {tarball} = await pack();
	const cwd = project(t, 'module');
	await install(t, cwd, [tarball]);

	for (const [format, file] of [['json', 'sidecar.config.json'], ['yaml', 'sidecar.config.yaml']] as const) {
		t.is((await sidecar(cwd, ['init', '--format', format])).exitCode, 0);
		const schema = schemaNamedBy(t, cwd, file);
		t.is(schema.$ref, '#/definitions/SidecarConfig');
		const text = readFileSync(path.join(cwd, file), 'utf8');
		const config = (format === 'json' ? JSON.parse(text) : parseYaml(text)) as {main: {command: string[]}};
		t.deepEqual(config.main.command, ['node', 'server.js']);
		rmSync(path.join(cwd, file));
	}

	await initTypeCheckAndRun(t, cwd, 'sidecar.config.ts', async args => sidecar(cwd, args));
	const help = await sidecar(cwd, ['help', 'run']);
	t.is(help.exitCode, 0, help.all);
	t.regex(help.stdout, /^Usage: sidecar run \[options\] \[-- MAIN COMMAND\.\.\.\]/);
	const resolve = await run(process.execPath, ['-e', 'console.log(require.resolve("sidecar/schema.json"), require("sidecar/package.json").version)'], {cwd});
	t.is(resolve.stdout.trim(), `${path.join(cwd, 'node_modules', 'sidecar', 'schema.json')} ${manifest.version}`);
	const check = await sidecar(cwd, ['check']);
	t.is(check.exitCode, 0, check.all);
	t.is(JSON.parse(check.stdout).main.stopTimeout, 2000);
});

// The files of the working tree (committed or not) as a fresh repository, as a user's clone has them.
async function snapshotRepository(t: ExecutionContext): Promise<string> {
	const {stdout} = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: REPO});
	const snapshot = outside(t, 'sidecar-git-');
	for (const file of stdout.split('\0').filter(file => file !== '' && !file.startsWith('node_modules') && existsSync(path.join(REPO, file)))) {
		mkdirSync(path.dirname(path.join(snapshot, file)), {recursive: true});
		copyFileSync(path.join(REPO, file), path.join(snapshot, file));
	}

	for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@localhost', 'commit', '-qm', 'snapshot']]) {
		t.is((await run('git', args, {cwd: snapshot})).exitCode, 0); // eslint-disable-line no-await-in-loop
	}

	return snapshot;
}

// npm installs a git dependency by cloning it, installing its devDependencies there and running `prepare` (never
// `prepack`), then packing it: the path of the README's `npm install git+https://…`, here from a local repository.
test.serial('installed from a git+file:// URL into a CommonJS project: prepare built it, npx sidecar runs, its .mts config type-checks', async t => {
	t.timeout(600_000);
	const repository = await snapshotRepository(t);
	const cwd = project(t, 'commonjs');
	await install(t, cwd, [`git+file://${repository}`]);
	const installed = path.join(cwd, 'node_modules', 'sidecar');
	t.true(existsSync(path.join(installed, 'dist', 'cli', 'sidecar.js')));
	t.false(existsSync(path.join(installed, 'dist', 'test')));
	// Of lib/, only the status page ships (docs/http.md, The page): read as it is, no build step.
	t.deepEqual(readdirSync(path.join(installed, 'lib'), {recursive: true, withFileTypes: true}).filter(entry => entry.isFile()).map(entry => entry.name), ['index.html']);
	t.true(existsSync(path.join(installed, 'schema.json')));
	await initTypeCheckAndRun(t, cwd, 'sidecar.config.mts', async args => sidecar(cwd, args));
});

test.serial('installed globally from the tarball: sidecar runs a TS config in a folder with no install of its own', async t => {
	t.timeout(600_000);
	const {tarball} = await pack();
	const prefix = outside(t, 'sidecar-global-');
	const global = await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], {cwd: prefix});
	t.is(global.exitCode, 0, global.all);
	const cwd = outside(t, 'sidecar-anywhere-');
	writeFileSync(path.join(cwd, 'sidecar.config.ts'), 'import {defineConfig} from \'sidecar\';\nexport default defineConfig({main: {command: [\'node\', \'-e\', \'process.exit(3)\']}});\n');
	const exit3 = await run(path.join(prefix, 'bin', 'sidecar'), ['run'], {cwd});
	t.is(exit3.exitCode, 3, exit3.all);
	assertNoNodeNoise(exit3.stderr);
});

// A clone installed with `npm ci --ignore-scripts` has no dist/: one line, not an ERR_MODULE_NOT_FOUND stack.
test('without dist/, the launcher says how to build it', async t => {
	const clone = outside(t, 'sidecar-clone-');
	mkdirSync(path.join(clone, 'bin'));
	copyFileSync(path.join(REPO, 'bin', 'launcher.js'), path.join(clone, 'bin', 'launcher.js'));
	copyFileSync(path.join(REPO, 'package.json'), path.join(clone, 'package.json'));
	const {exitCode, stderr} = await run(process.execPath, [path.join(clone, 'bin', 'launcher.js'), 'version'], {cwd: clone});
	t.is(exitCode, 70);
	t.is(stderr, 'sidecar: unable to start: dist/ is not built (in a clone of sidecar: npm run build)');
});
