import {createHash} from 'node:crypto';
import {lstat, mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {atPosition} from './load-error.js';

// Where the compiled text must be changed to run from anywhere: a span of it and the import specifier it holds
// (quotes included), or null for `import.meta`.
export type Link = [start: number, end: number, specifier: string | null];
export type CompiledConfig = {code: string; links: Link[]};

// Bumped when the cached shape changes; the installation's path keeps another version's sucrase from being reused.
const CACHE_KEY = `2\0${import.meta.url}`;

// Node 20 cannot strip types, and compiling costs ~60 ms (sucrase's load time), so the result is cached by content
// hash: an unchanged sidecar.config.ts loads in a few ms. The cache only saves time: when it cannot be used (a
// read-only /tmp under systemd's ProtectSystem=strict, a directory another user owns), the config is compiled
// each time. The config's own directory is never written (docs/config.md).
export async function compileTypeScript(content: string, cacheDirectory = defaultCacheDirectory()): Promise<CompiledConfig> {
	const key = createHash('sha256').update(CACHE_KEY).update('\0').update(content).digest('hex').slice(0, 32);
	const cached = path.join(cacheDirectory, `${key}.json`);
	const trusted = await isPrivateDirectory(cacheDirectory);
	if (trusted) {
		const hit = await readFile(cached, 'utf8').then(text => JSON.parse(text) as Partial<CompiledConfig>).catch(() => undefined);
		if (typeof hit?.code === 'string' && Array.isArray(hit.links)) {
			return hit as CompiledConfig; // Anything else (a truncated or foreign file) is compiled again.
		}
	}

	const compiled = await compile(content);
	if (trusted) {
		const partial = `${cached}.${process.pid}`; // Renamed into place: a concurrent start never reads half a file.
		await writeFile(partial, JSON.stringify(compiled), {mode: 0o600}).then(async () => rename(partial, cached)).catch(() => {});
	}

	return compiled;
}

async function compile(content: string): Promise<CompiledConfig> {
	const [{transform}, lexer] = await Promise.all([import('sucrase'), import('es-module-lexer')]);
	const code = stripTypes(transform, content);
	await lexer.init;
	const [imports] = lexer.parse(code);
	const links: Link[] = [];
	for (const {n: specifier, s: start, e: end, d: dynamic} of imports) {
		if (dynamic === -2) {
			links.push([start, end, null]); // `import.meta`
		} else if (specifier !== undefined) {
			// A static import's span excludes its quotes, a dynamic one's includes them: take them in both cases.
			links.push(dynamic === -1 ? [start - 1, end + 1, specifier] : [start, end, specifier]);
		}
	}

	return {code, links};
}

// sucrase's SyntaxError says `Unexpected token (2:23)`; ours says where as the other loaders do.
function stripTypes(transform: typeof import('sucrase').transform, content: string): string {
	try {
		return transform(content, {transforms: ['typescript'], disableESTransforms: true}).code;
	} catch (error) {
		const loc = (error as {loc?: {line: number; column: number}}).loc;
		throw loc === undefined ? error : new SyntaxError(`${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')}${atPosition(loc.line, loc.column)}`, {cause: error});
	}
}

const defaultCacheDirectory = (): string => path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`, 'ts-cache');

// The cache holds code this process runs: in a shared /tmp it is used only when this user owns it and no one
// else may write it (another user could have made /tmp/sidecar-UID first).
async function isPrivateDirectory(directory: string): Promise<boolean> {
	await mkdir(directory, {recursive: true, mode: 0o700}).catch(() => {});
	const uid = process.getuid?.();
	for (const level of [path.dirname(directory), directory]) {
		const stat = await lstat(level).catch(() => undefined);
		if (stat === undefined || !stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
			return false;
		}
	}

	return true;
}
