import {createHash} from 'node:crypto';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {freshUrl} from './load-fresh.js';

// This installation's public entry: what `from 'sidecar'` in a config resolves to.
const THIS_PACKAGE = new URL('../index.js', import.meta.url).href;

// Node 20 cannot strip types, and compiling costs ~60 ms (sucrase's load time), so the
// compiled text is cached by content hash: an unchanged sidecar.config.ts loads in a few ms.
export async function loadTypeScript(filepath: string, content: string): Promise<unknown> {
	const code = await compileCached(content);
	// Written beside the config so its relative imports and node_modules resolve as the user expects.
	const temporary = path.join(path.dirname(filepath), `.${path.basename(filepath)}.${process.pid}.mjs`);
	await writeFile(temporary, code);
	try {
		const module = await import(freshUrl(temporary, code)) as {default?: unknown}; // Fresh: `sidecar reload` sees edits.
		return module.default ?? module;
	} finally {
		await rm(temporary, {force: true});
	}
}

async function compileCached(content: string): Promise<string> {
	const cacheDirectory = path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`, 'ts-cache');
	// The compiled text names this installation's lib/index.js: another installation (an upgrade, another checkout)
	// must not reuse it, so the key covers both.
	const key = createHash('sha256').update(THIS_PACKAGE).update('\0').update(content).digest('hex').slice(0, 32);
	const cached = path.join(cacheDirectory, `${key}.mjs`);
	const hit = await readFile(cached, 'utf8').catch(() => undefined);
	if (hit !== undefined) {
		return hit;
	}

	const {transform} = await import('sucrase');
	const code = pointAtThisPackage(transform(content, {transforms: ['typescript'], disableESTransforms: true}).code);
	await mkdir(cacheDirectory, {recursive: true, mode: 0o700});
	await writeFile(cached, code).catch(() => {}); // A cache that cannot be written only costs time.
	return code;
}

// `import {defineConfig} from 'sidecar'` must work even where the project has no local install (npx, global).
const pointAtThisPackage = (code: string): string =>
	code.replaceAll(/(\bfrom\s*|\bimport\s*\(\s*)(["'])sidecar\2/g, `$1$2${THIS_PACKAGE}$2`);
