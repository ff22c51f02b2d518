#!/usr/bin/env node
// The `sidecar` command (package.json "bin"). A published package has dist/ (built by `prepack`), so this only
// imports it. A clone has no install script to build dist/ (any install script makes npm warn on every install of the
// package, issue 16), so in a clone the first run builds it, and so does a run after a source file changed: the README's
// `npm ci && npx sidecar run` stays true. The check costs one stat in a package and about 1 ms in a clone
// (docs/cli.md, start-up). Plain JavaScript: it must run before anything is compiled.
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}dist/bin/sidecar.js`;

// The newest .ts under bin/ and lib/ is newer than the last build (tsc rewrites every output file).
function isStale() {
	const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
	return ['bin', 'lib'].some(folder => readdirSync(`${root}${folder}`, {recursive: true})
		.some(file => file.endsWith('.ts') && statSync(`${root}${folder}/${file}`).mtimeMs > built));
}

function build() {
	process.stderr.write('sidecar: building dist/ from the TypeScript sources (a clone: first run, or sources changed)\n');
	let tsc;
	try {
		tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
	} catch {
		process.stderr.write('sidecar: unable to build dist/: typescript is not installed (run `npm ci` first)\n');
		return false;
	}

	const {status} = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.json`], {stdio: ['ignore', 2, 2]});
	if (status !== 0) {
		process.stderr.write('sidecar: unable to build dist/: tsc failed (its errors are above)\n');
	}

	return status === 0;
}

if (!existsSync(`${root}tsconfig.json`) || !isStale() || build()) {
	await import(new URL('../dist/bin/sidecar.js', import.meta.url).href);
} else {
	process.exitCode = 70;
}
