import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {pm2Importer} from '../../lib/import/pm2.js';
import {importProcfile} from '../../lib/import/procfile.js';
import {ImportError, type Importer} from '../../lib/import/types.js';
import {renderConfig} from '../../lib/import/write-config.js';

// 1,000 mutated inputs per format, from the corpus (seeded: a failure names its seed and case, and replays).
const CORPUS = fileURLToPath(new URL('../../../test/import/corpus/', import.meta.url));
const CASES = 1000;

// mulberry32: a small seeded PRNG, so a failing case can be replayed.
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

// One to three edits: delete a span, duplicate a span, insert random bytes, or cut the text short.
export function mutate(text: string, next: () => number): string {
	let result = text;
	const at = () => Math.floor(next() * (result.length + 1));
	for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
		const start = at();
		const length = 1 + Math.floor(next() * 12);
		const kind = Math.floor(next() * 4);
		if (kind === 0) {
			result = result.slice(0, start) + result.slice(start + length);
		} else if (kind === 1) {
			result = result.slice(0, start) + result.slice(start, start + length).repeat(2) + result.slice(start + length);
		} else if (kind === 2) {
			const bytes = Array.from({length: 1 + Math.floor(next() * 4)}, () => String.fromCharCode(Math.floor(next() * 256))).join('');
			result = result.slice(0, start) + bytes + result.slice(start);
		} else {
			result = result.slice(0, start);
		}
	}

	return result;
}

const fuzz = test.macro(async (t, format: string, importer: Importer, seed: number) => {
	const files = readdirSync(path.join(CORPUS, format)).map(name => path.join(CORPUS, format, name));
	const next = random(seed);
	let results = 0;
	let errors = 0;
	for (let index = 0; index < CASES; index++) {
		const file = files[index % files.length]!;
		const text = mutate(readFileSync(file, 'utf8'), next);
		try {
			// eslint-disable-next-line no-await-in-loop -- one case at a time, so a failure names its input
			const imported = await importer(text, {file});
			for (const output of ['ts', 'yaml', 'json'] as const) {
				renderConfig(imported.config, imported.comments, output, path.basename(file));
			}

			results++;
		} catch (error) {
			if (!(error instanceof ImportError) || !Number.isInteger(error.line) || error.line < 1 || !Number.isInteger(error.column) || error.column < 1) {
				t.fail(`seed ${seed}, case ${index} (${path.basename(file)}): ${String(error)} (line ${(error as ImportError).line}, column ${(error as ImportError).column})\n${JSON.stringify(text)}`);
				return;
			}

			errors++;
		}
	}

	t.is(results + errors, CASES);
	t.log(`${results} imported, ${errors} ImportErrors with a line and column`);
});

test('1,000 mutated Procfiles each import or fail with an ImportError at a line and column', fuzz, 'procfile', importProcfile, 26);
test('1,000 mutated ecosystem files (.js, .json, .yml) each import or fail with an ImportError at a line and column', fuzz, 'pm2', pm2Importer(4), 26);
