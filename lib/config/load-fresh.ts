import {createHash} from 'node:crypto';
import {pathToFileURL} from 'node:url';

// import() caches a module by URL, so `sidecar reload` would see the config as it was at start: the URL carries
// a hash of the content, so an edited file is a new module (and an unchanged one is not loaded twice).
export const freshUrl = (filepath: string, content: string): string =>
	`${pathToFileURL(filepath).href}?v=${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;

// cosmiconfig loader for .js/.mjs/.cjs configs that sees edits made after the first load.
export async function loadJsFresh(filepath: string, content: string): Promise<unknown> {
	const module = await import(freshUrl(filepath, content)) as {default?: unknown};
	return module.default ?? module;
}
