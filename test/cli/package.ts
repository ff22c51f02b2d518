import {cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {execa, type Options} from 'execa';
import {assertNoNodeNoise} from '../helpers/cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	scripts: Record<string, string>; exports: Record<string, unknown>; files: string[]; repository?: unknown; homepage?: string; bugs?: unknown;
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

test('the manifest builds on prepack, exports the schema and package.json, and names where the project lives', t => {
	t.is(manifest.scripts.prepack, 'npm run build');
	t.regex(manifest.scripts.build!, /^tsc -p tsconfig\.json && node tools\/bundle\.js && npm run schema$/);
	t.false('prepare' in manifest.scripts); // An install script makes npm warn on every install (issue 16).
	t.false('postinstall' in manifest.scripts);
	t.is(manifest.exports['./schema.json'], './schema.json');
	t.is(manifest.exports['./package.json'], './package.json');
	t.truthy(manifest.repository);
	t.truthy(manifest.homepage);
	t.truthy(manifest.bugs);
});

// Slow (npm pack, an npm install from the registry): one test, with a generous timeout.
test.serial('the packed tarball installs into a fresh project and its sidecar command runs there', async t => {
	t.timeout(600_000);
	// The schema is written by `npm run build`; written again here so the tarball has the current one. `--ignore-scripts`:
	// prepack would rebuild dist/ under the other tests that are running from it.
	t.is((await run(process.execPath, ['tools/schema.js'], {cwd: REPO})).exitCode, 0);
	const packs = outside(t, 'sidecar-pack-');
	const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], {cwd: REPO});
	t.is(pack.exitCode, 0, pack.stderr);
	const [{filename, files}] = JSON.parse(pack.stdout) as [{filename: string; files: Array<{path: string}>}];
	const paths = files.map(file => file.path);
	for (const shipped of ['LICENSE', 'README.md', 'schema.json', 'docs/config.md', 'examples/log-shipper/sidecar.config.ts', 'bin/launcher.js', 'dist/cli/sidecar.js', 'dist/lib/index.d.ts']) {
		t.true(paths.includes(shipped), `${shipped} is in the tarball`);
	}

	t.false(paths.some(file => file.startsWith('dist/test/') || file.startsWith('lib/') || file === 'tsconfig.json'));

	const project = outside(t, 'sidecar-install-');
	writeFileSync(path.join(project, 'package.json'), JSON.stringify({name: 'try-sidecar', private: true, type: 'module'}));
	const install = await run('npm', ['install', '--no-audit', '--no-fund', path.join(packs, filename)], {cwd: project});
	t.is(install.exitCode, 0, install.all);
	t.notRegex(install.all, /install-scripts|prepare/, 'npm warns about no install script');

	// `--no`: never fetch the unrelated registry package that is also called sidecar.
	const exit3 = await run('npx', ['--no', 'sidecar', 'run', '--', 'node', '-e', 'process.exit(3)'], {cwd: project});
	t.is(exit3.exitCode, 3, exit3.all);
	assertNoNodeNoise(exit3.stderr);
	const help = await run('npx', ['--no', 'sidecar', 'help', 'run'], {cwd: project});
	t.is(help.exitCode, 0, help.all);
	t.regex(help.stdout, /^Usage: sidecar run \[options\] \[-- MAIN COMMAND\.\.\.\]/);

	const resolve = await run(process.execPath, ['-e', 'console.log(require.resolve("sidecar/schema.json"), require("sidecar/package.json").version)'], {cwd: project});
	t.is(resolve.stdout.trim(), `${path.join(project, 'node_modules', 'sidecar', 'schema.json')} ${JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}`);

	writeFileSync(path.join(project, 'sidecar.config.ts'), 'import {defineConfig} from \'sidecar\';\nexport default defineConfig({main: {command: [\'node\', \'-e\', \'\'], stopTimeout: \'2s\'}});\n');
	const check = await run('npx', ['--no', 'sidecar', 'check'], {cwd: project});
	t.is(check.exitCode, 0, check.all);
	t.is(JSON.parse(check.stdout).main.stopTimeout, 2000);
});

// A clone has no dist/ after `npm ci` (no install script builds it): the launcher builds it on the first run.
test.serial('in a fresh clone, the first `sidecar` run builds dist/ and the next one does not', async t => {
	t.timeout(600_000);
	const clone = outside(t, 'sidecar-clone-');
	for (const entry of ['bin', 'lib', 'tools', 'package.json', 'tsconfig.json']) {
		cpSync(path.join(REPO, entry), path.join(clone, entry), {recursive: true});
	}

	symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
	const launcher = path.join(clone, 'bin', 'launcher.js');
	const first = await run(process.execPath, [launcher, 'run', '--', 'node', '-e', 'process.exit(3)'], {cwd: clone});
	t.is(first.exitCode, 3, first.all);
	t.regex(first.stderr, /^sidecar: building dist\/ from the TypeScript sources/);
	const second = await run(process.execPath, [launcher, 'run', '--', 'node', '-e', 'process.exit(4)'], {cwd: clone});
	t.is(second.exitCode, 4, second.all);
	t.notRegex(second.stderr, /building/);
});
