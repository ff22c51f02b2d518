// Build step (after tsc): bundles the `sidecar` command (dist/bin/sidecar.js and what it imports, as tsc emitted
// them) into dist/cli/sidecar.js, with one chunk in dist/cli/chunks/ per part loaded on first use (each command, the
// metrics server, the TS config loader). A start then resolves, reads and compiles about twenty files instead of
// ~140 ES modules (docs/benchmarks.md, start-up). dist/lib stays as tsc emitted it, for the library entry and the
// unit tests. Packages stay in node_modules (`packages: 'external'`): they load as installed, with their licences.
import {rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;

rmSync(`${dist}cli`, {recursive: true, force: true}); // Chunks of an earlier build would stay beside the new ones.
const {metafile} = await build({
	entryPoints: [`${dist}bin/sidecar.js`],
	outdir: `${dist}cli`,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	packages: 'external',
	chunkNames: 'chunks/[name]-[hash]',
	logLevel: 'warning',
	metafile: true,
	absWorkingDir: root, // The metafile names files from the repository's root, wherever the build runs from.
});
// Which source modules each output holds: test/cli/startup.ts reads it to name what a command loads. Beside dist/cli,
// not in it, so it is not packed.
writeFileSync(`${dist}cli.meta.json`, JSON.stringify(metafile));
