import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {importCompose} from '../../lib/import/compose.js';
import {importProcessCompose} from '../../lib/import/process-compose.js';
import {ImportError, type Importer} from '../../lib/import/types.js';

// 1,000 mutated corpus files per format (a seeded PRNG, so a failure repeats): each import gives a result or an
// ImportError with a line and column, never another exception.
const root = new URL('../../../test/import/corpus/', import.meta.url).pathname;
const RUNS = 1000;

// mulberry32: small, seeded, good enough to pick mutations.
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const BYTES = [':', '-', ' ', '\n', '\t', '&', '*', '<<', '[', ']', '{', '}', '"', '\'', '|', '>', '#', '$', '${', '0', 'x', '\u0000', '\uFFFD', 'é'];

function mutate(text: string, next: () => number): string {
	let out = text;
	for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
		const at = Math.floor(next() * out.length);
		const length = Math.floor(next() * 40);
		switch (Math.floor(next() * 4)) {
			case 0: {
				out = out.slice(0, at) + out.slice(at + length);
				break;
			}

			case 1: {
				out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
				break;
			}

			case 2: {
				const bytes = Array.from({length: 1 + Math.floor(next() * 4)}, () => BYTES[Math.floor(next() * BYTES.length)]).join('');
				out = out.slice(0, at) + bytes + out.slice(at);
				break;
			}

			default: {
				out = out.slice(0, at);
			}
		}
	}

	return out;
}

const fuzz = test.macro(async (t, format: string, importer: Importer, seed: number) => {
	// A thousand imports of files up to 25 KB: about 15 s on an idle machine, several times that on a loaded one.
	t.timeout(240_000);
	const directory = path.join(root, format);
	const sources = readdirSync(directory).filter(name => /\.ya?ml$/.test(name)).map(name => readFileSync(path.join(directory, name), 'utf8'));
	const next = random(seed);
	let results = 0;
	let errors = 0;
	for (let run = 0; run < RUNS; run++) {
		const text = mutate(sources[run % sources.length]!, next);
		try {
			await importer(text, {file: path.join(directory, 'fuzzed.yaml'), skipImageOnly: next() < 0.5});
			results++;
		} catch (error) {
			if (!(error instanceof ImportError) || !Number.isInteger(error.line) || error.line < 1 || !Number.isInteger(error.column) || error.column < 1) {
				t.fail(`run ${run} (seed ${seed}): ${(error as Error).stack ?? String(error)}\n--- input ---\n${text}`);
				return;
			}

			errors++;
		}
	}

	t.is(results + errors, RUNS);
	t.log(`${results} imported, ${errors} refused with a line and column`);
});

test('1,000 mutated compose files import or fail with a line and column', fuzz, 'compose', importCompose, 26);
test('1,000 mutated process-compose files import or fail with a line and column', fuzz, 'process-compose', importProcessCompose, 2026);
