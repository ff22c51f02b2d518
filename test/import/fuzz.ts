import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {pm2Importer} from '../../lib/import/pm2.js';
import {importProcfile} from '../../lib/import/procfile.js';
import {ImportError, type Importer} from '../../lib/import/types.js';
import {renderConfig} from '../../lib/import/write-config.js';
import {mutateText, seededRandom} from '../helpers/mutate-text.js';

// 1,000 mutated inputs per format, from the corpus (seeded: a failure names its seed and case, and replays).
const CORPUS = fileURLToPath(new URL('../../../test/import/corpus/', import.meta.url));
const CASES = 1000;

const fuzz = test.macro(async (t, format: string, importer: Importer, seed: number) => {
	const files = readdirSync(path.join(CORPUS, format)).map(name => path.join(CORPUS, format, name));
	const next = seededRandom(seed);
	let results = 0;
	let errors = 0;
	for (let index = 0; index < CASES; index++) {
		const file = files[index % files.length]!;
		const text = mutateText(readFileSync(file, 'utf8'), next);
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
