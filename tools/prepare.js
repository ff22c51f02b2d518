// npm's `prepare` (package.json): builds dist/ where the sources are. npm runs it on `npm ci`/`npm install` in a clone
// and, for a dependency installed from git (`npm install git+https://…`), in its temporary clone with the
// devDependencies installed, before packing it; never for a tarball (docs/cli.md, The package). In that clone npm runs
// it twice (its `npm install` there, then the pack), so a dist/ built after the last install is left as it is:
// npm rewrites node_modules/.package-lock.json on every install. Edits between installs: `npm run build`.
import {spawnSync} from 'node:child_process';
import {statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mtime = file => statSync(`${root}${file}`, {throwIfNoEntry: false})?.mtimeMs ?? 0;

if (mtime('dist/cli/sidecar.js') > mtime('node_modules/.package-lock.json')) {
	process.stdout.write('sidecar: dist/ was built after the last install; `npm run build` rebuilds it\n');
} else {
	// `npm run build`, from the same npm (npm_execpath) that runs this script.
	const npm = process.env.npm_execpath;
	const {status} = npm === undefined
		? spawnSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'})
		: spawnSync(process.execPath, [npm, 'run', 'build'], {cwd: root, stdio: 'inherit'});
	process.exitCode = status ?? 1;
}
