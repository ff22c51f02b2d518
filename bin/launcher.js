#!/usr/bin/env node
// The `sidecar` command (package.json "bin"): imports the bundled command, dist/cli/sidecar.js. A package has it (built
// by `prepack`, or by `prepare` in npm's clone of a git dependency); a clone builds it on `npm ci` (`prepare`) and on
// `npm run build`. Plain JavaScript: it runs before anything is compiled. docs/cli.md, The package.
const entry = new URL('../dist/cli/sidecar.js', import.meta.url);
try {
	await import(entry.href);
} catch (error) {
	// Only dist/ itself missing is answered here: anything else is a bug, with its stack.
	if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(entry.pathname)) {
		throw error;
	}

	process.stderr.write('sidecar: unable to start: dist/ is not built (in a clone of sidecar: npm run build)\n');
	process.exitCode = 70;
}
