import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import vm from 'node:vm';
import {parseDocument} from 'yaml';
import {ImportError} from './types.js';

// What an ecosystem file gave, and how it was read (the report says which: a JS file runs code).
export type LoadedEcosystem = {data: unknown; how: 'executed' | 'parsed'};

// Reads an ecosystem file as `pm2 start` does (Unitech/pm2 lib/Common.js, parseConfig): .js/.cjs are required and
// .mjs imported, so they run; .json is data (pm2 evaluates it as a JS expression: the relaxed syntax of its own
// examples, `{apps : [{name : 'API'}]}`, is read here as YAML flow, without running anything); .yml/.yaml is YAML.
export async function loadEcosystem(text: string, file: string): Promise<LoadedEcosystem> {
	const extension = path.extname(file).toLowerCase();
	if (extension === '.json' || extension === '.yml' || extension === '.yaml') {
		return {data: parseData(text), how: 'parsed'};
	}

	if (extension === '.mjs' || /^\s*(export\s|import\s[\w{*])/m.test(text)) {
		return {data: await importModule(file), how: 'executed'};
	}

	return {data: requireText(text, file), how: 'executed'};
}

// JSON is YAML 1.2 (and so is the relaxed object literal PM2's examples use); duplicate keys: the last wins, as in JS.
function parseData(text: string): unknown {
	const document = parseDocument(text, {uniqueKeys: false, prettyErrors: true});
	const [error] = document.errors;
	if (error !== undefined) {
		const [at] = error.linePos ?? [];
		throw new ImportError(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), at?.line ?? 1, at?.col ?? 1);
	}

	return document.toJS({maxAliasCount: 100});
}

// CommonJS evaluation of the file's text, as `require` would do it (same wrapper, a require relative to the file).
function requireText(text: string, file: string): unknown {
	const module = {exports: {} as unknown};
	try {
		// The wrapper's first line is line 0, so the file's lines keep their numbers in errors.
		const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${text.replace(/^#!.*/, '')}\n})`, {filename: file, lineOffset: -1});
		const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
		wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
	} catch (error) {
		throw positioned(error, file);
	}

	return module.exports;
}

async function importModule(file: string): Promise<unknown> {
	try {
		const loaded = await import(`${pathToFileURL(file).href}?import=${Date.now()}`) as {default?: unknown};
		return loaded.default ?? loaded;
	} catch (error) {
		throw positioned(error, file);
	}
}

// An error of the evaluated file, at its line and column: a SyntaxError's stack starts `FILE:LINE`, the source line
// and a caret under the column; a runtime error has a frame `FILE:LINE:COLUMN`.
function positioned(error: unknown, file: string): ImportError {
	const message = error instanceof Error ? `${error.name}: ${error.message}` : `threw ${String(error)}`;
	const stack = error instanceof Error ? error.stack ?? '' : '';
	const escaped = file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const syntax = new RegExp(`^(?:file://)?${escaped}:(\\d+)\\n.*\\n(\\s*)\\^`).exec(stack);
	if (syntax !== null) {
		return new ImportError(`unable to evaluate: ${message}`, Number(syntax[1]), syntax[2]!.length + 1);
	}

	const frame = new RegExp(`${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
	return new ImportError(`unable to evaluate: ${message}`, Math.max(1, Number(frame?.[1] ?? 1)), Number(frame?.[2] ?? 1));
}
