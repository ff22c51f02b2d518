import {createHash} from 'node:crypto';
import {pathToFileURL} from 'node:url';
import {atPosition} from './load-error.js';

// import() caches a module by URL, so `sidecar reload` would see the config as it was at start: the URL carries
// a hash of the content, so an edited file is a new module (and an unchanged one is not loaded twice).
export const freshUrl = (filepath: string, content: string): string =>
	`${pathToFileURL(filepath).href}?v=${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;

// cosmiconfig loader for .js/.mjs/.cjs configs that sees edits made after the first load.
export async function loadJsFresh(filepath: string, content: string): Promise<unknown> {
	const module = await import(freshUrl(filepath, content)).catch(async (error: unknown) => {
		throw error instanceof SyntaxError ? await locateSyntaxError(error, content) : error;
	}) as Record<string, unknown>;
	return exportedConfig(module);
}

// The config a module exports: its default export, awaited when it is a promise. A module with no default export,
// or one that exports a function, would otherwise pass as a config with no settings.
export async function exportedConfig(module: Record<string, unknown>): Promise<unknown> {
	if (!('default' in module)) {
		throw new Error('no default export, expected `export default defineConfig({...})`');
	}

	const config: unknown = await module.default;
	if (typeof config === 'function') {
		throw new Error('default export: got a function, expected the config object (`export default defineConfig({...})`)');
	}

	return config;
}

// V8 names no line for a syntax error in a module it imports (Node prints it only for an uncaught one): sucrase's
// parser, already a dependency for TypeScript configs, finds it. Loaded only on this error path.
async function locateSyntaxError(error: SyntaxError, content: string): Promise<SyntaxError> {
	const {transform} = await import('sucrase');
	try {
		transform(content, {transforms: [], disableESTransforms: true});
	} catch (parseError) {
		const loc = (parseError as {loc?: {line: number; column: number}}).loc;
		if (loc !== undefined) {
			return new SyntaxError(`${error.message}${atPosition(loc.line, loc.column)}`, {cause: error});
		}
	}

	return error;
}
