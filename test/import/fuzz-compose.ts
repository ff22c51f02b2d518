import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {importCompose} from '../../lib/import/compose.js';
import {importProcessCompose} from '../../lib/import/process-compose.js';
import {ImportError, type Importer} from '../../lib/import/types.js';
import {mutateText, seededRandom} from '../helpers/mutate-text.js';

// 1,000 mutated corpus files per format (a seeded PRNG, so a failure repeats): each import gives a result or an
// ImportError with a line and column, never another exception.
const root = new URL('../../../test/import/corpus/', import.meta.url).pathname;
const RUNS = 1000;

// YAML's own syntax as the inserted pieces: what breaks a parser more than random bytes do.
const BYTES = [':', '-', ' ', '\n', '\t', '&', '*', '<<', '[', ']', '{', '}', '"', '\'', '|', '>', '#', '$', '${', '0', 'x', '\u0000', '\uFFFD', 'é'];

const fuzz = test.macro(async (t, format: string, importer: Importer, seed: number) => {
	// A thousand imports of files up to 25 KB: about 15 s on an idle machine, several times that on a loaded one.
	t.timeout(240_000);
	const directory = path.join(root, format);
	const sources = readdirSync(directory).filter(name => /\.ya?ml$/.test(name)).map(name => readFileSync(path.join(directory, name), 'utf8'));
	const next = seededRandom(seed);
	let results = 0;
	let errors = 0;
	for (let run = 0; run < RUNS; run++) {
		const text = mutateText(sources[run % sources.length]!, next, {span: 40, alphabet: BYTES});
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
