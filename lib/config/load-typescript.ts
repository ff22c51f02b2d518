import {realpath} from 'node:fs/promises';
import {createRequire, isBuiltin} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {packageFile} from '../package-root.js';
import {compileTypeScript, type CompiledConfig} from './compile-typescript.js';
import {exportedConfig} from './load-fresh.js';

// This installation's public entry: what `from 'sidecar'` in a config resolves to, even with no local install (npx, global).
const THIS_PACKAGE = pathToFileURL(packageFile('dist/lib/index.js')).href;

// cosmiconfig loader for .ts/.mts configs. The compiled module runs from memory (a data: URL), so nothing is written
// beside the config (a root-owned /etc/app, ProtectSystem=strict); its imports are made absolute first, so
// `./helpers.js` and packages resolve from the config's directory and `import.meta.url` is the config's own.
// A data: URL is its content: an edited config is a new module for `sidecar reload`, an unchanged one is reused.
export async function loadTypeScript(filepath: string, content: string): Promise<unknown> {
	// Through a symbolic link, imports resolve from where the file really is, as Node does for a JS config.
	const real = await realpath(filepath);
	const url = `data:text/javascript,${encodeURIComponent(linkToFile(await compileTypeScript(content), real))}`;
	const module = await import(url).catch((error: unknown) => {
		if (error instanceof Error) {
			error.message = error.message.replaceAll(url, filepath); // `imported from data:…` names the config instead.
		}

		throw error;
	}) as Record<string, unknown>;
	return exportedConfig(module);
}

// The compiled text with every import specifier absolute and `import.meta` describing the config file.
function linkToFile({code, links}: CompiledConfig, filepath: string): string {
	const base = pathToFileURL(filepath);
	const meta = `({url: ${JSON.stringify(base.href)}, filename: ${JSON.stringify(filepath)}, dirname: ${JSON.stringify(path.dirname(filepath))}})`;
	let linked = '';
	let at = 0;
	for (const [start, end, specifier] of links) {
		linked += code.slice(at, start) + (specifier === null ? meta : JSON.stringify(resolveSpecifier(specifier, filepath, base)));
		at = end;
	}

	return linked + code.slice(at);
}

// As Node would resolve it from the config file; a package through require.resolve (Node 20 has no
// import.meta.resolve with a parent), which finds the CommonJS entry of a dual package.
function resolveSpecifier(specifier: string, filepath: string, base: URL): string {
	if (specifier === 'sidecar') {
		return THIS_PACKAGE;
	}

	if (/^\.{0,2}\//.test(specifier)) {
		return new URL(specifier, base).href;
	}

	if (isBuiltin(specifier) || /^[a-z][\w+.-]*:/i.test(specifier)) {
		return specifier; // `node:path`, `fs`, a `file:` URL.
	}

	try {
		return pathToFileURL(createRequire(filepath).resolve(specifier)).href;
	} catch (error) {
		const notFound = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
		throw notFound ? new Error(`cannot find package "${specifier}" from ${path.dirname(filepath)}`, {cause: error}) : error;
	}
}
