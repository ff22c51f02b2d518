#!/usr/bin/env node
// The `sidecar` command (package.json "bin"). A published package has dist/ (built by `prepack`): this only imports
// it. A clone has no install script to build dist/ (any install script makes npm warn on every install of the
// package), so here the first run after `npm ci` builds it, as `prepare` used to during `npm ci`: the
// README's `npm ci && npx sidecar run` stays true. npm rewrites node_modules/.package-lock.json on every install, so
// a build older than it predates the last install. Three stats, well under a millisecond (docs/cli.md, start-up);
// walking lib/ for changed sources cost 14 ms. Plain JavaScript: it runs before anything is compiled.
import {spawnSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}dist/cli/sidecar.js`;
const mtime = file => statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? 0;

const isClone = () => existsSync(`${root}tsconfig.json`);
const needsBuild = () => mtime(entry) <= mtime(`${root}node_modules/.package-lock.json`);

function build() {
	process.stderr.write('sidecar: building dist/ from the TypeScript sources (first run after npm ci in a clone)\n');
	let tsc;
	try {
		tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
	} catch {
		process.stderr.write('sidecar: unable to build dist/: typescript is not installed (run `npm ci` first)\n');
		return false;
	}

	const step = (what, args) => {
		const {status} = spawnSync(process.execPath, args, {stdio: ['ignore', 2, 2]});
		if (status !== 0) {
			process.stderr.write(`sidecar: unable to build dist/: ${what} failed (its errors are above)\n`);
		}

		return status === 0;
	};

	// As `npm run build` does, less the schema: tsc, then the bundle of the command (tools/bundle.js).
	return step('tsc', [tsc, '-p', `${root}tsconfig.json`]) && step('the bundler', [`${root}tools/bundle.js`]);
}

if (!isClone() || !needsBuild() || build()) {
	await import(new URL('../dist/cli/sidecar.js', import.meta.url).href);
} else {
	process.exitCode = 70;
}
