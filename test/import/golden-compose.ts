import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {selectProfiles} from '../../lib/config/profiles.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {importCompose} from '../../lib/import/compose.js';
import {importProcessCompose} from '../../lib/import/process-compose.js';
import {ImportError, type ImportOptions, type Importer} from '../../lib/import/types.js';
import {makeProject} from '../helpers/project.js';

// Golden tests over real files written by other projects (test/import/corpus/*/README.md names each source): the
// imported config, report and comments, or the error with its line and column, must equal the stored golden, and
// every imported config must pass resolveConfig and selectProfiles (what `sidecar check` runs).
// `UPDATE_GOLDEN=1` rewrites the goldens; read the diff before committing it.
const root = new URL('../../../test/import/', import.meta.url).pathname;
const importers: Record<string, Importer> = {compose: importCompose, 'process-compose': importProcessCompose};

// Options per corpus file, where the default would only give an error.
const optionsFor: Record<string, Partial<ImportOptions>> = {
	'supabase-docker-compose.yml': {skipImageOnly: true},
	'self-hosted-docker-compose.yml': {skipImageOnly: true},
};

const outcome = async (importer: Importer, text: string, options: ImportOptions) => {
	try {
		return await importer(text, options);
	} catch (error) {
		if (!(error instanceof ImportError)) {
			throw error;
		}

		return {error: {message: error.message, line: error.line, column: error.column}};
	}
};

for (const [format, importer] of Object.entries(importers)) {
	const corpus = path.join(root, 'corpus', format);
	for (const name of readdirSync(corpus).filter(name => /\.ya?ml$/.test(name))) {
		test(`${format}: ${name} imports as its golden says`, async t => {
			const file = path.join(corpus, name);
			const options = {file, ...optionsFor[name]};
			const actual = JSON.parse(JSON.stringify(await outcome(importer, readFileSync(file, 'utf8'), options))) as Record<string, unknown>;
			const golden = path.join(root, 'golden', format, `${name}.json`);
			if (process.env.UPDATE_GOLDEN === '1') {
				mkdirSync(path.dirname(golden), {recursive: true});
				writeFileSync(golden, `${JSON.stringify({options: optionsFor[name] ?? {}, ...actual}, null, '\t')}\n`);
			}

			const {options: _, ...expected} = JSON.parse(readFileSync(golden, 'utf8')) as Record<string, unknown>;
			t.deepEqual(actual, expected);
			if (actual.config !== undefined) {
				// Env files the config names are the project's own: present in a real checkout, so created here.
				const config = actual.config as {main: {envFile?: string | string[]}; sidecars?: Record<string, {envFile?: string | string[]}>};
				const envFiles = [config.main, ...Object.values(config.sidecars ?? {})].flatMap(spec => [spec.envFile ?? []].flat()).filter(file => !file.startsWith('-'));
				const directory = makeProject(t, Object.fromEntries(envFiles.map(file => [file, ''])));
				// As `sidecar check` does: resolve, then the unit's default selection (no profile).
				t.notThrows(() => selectProfiles(resolveConfig(actual.config, directory), []));
			}
		});
	}
}
