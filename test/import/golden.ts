import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {renderReport} from '../../lib/cli/commands/import.js';
import {pm2Importer} from '../../lib/import/pm2.js';
import {importProcfile} from '../../lib/import/procfile.js';
import type {Importer, ReportLine} from '../../lib/import/types.js';
import {renderConfig} from '../../lib/import/write-config.js';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

// Real files of other projects (corpus/README.md) against their reviewed results in golden/. `UPDATE_GOLDEN=1`
// writes the results anew; read the diff before committing it.
const ROOT = fileURLToPath(new URL('../../../test/import/', import.meta.url));
const IMPORTERS: Record<string, Importer> = {procfile: importProcfile, pm2: pm2Importer(4)}; // 'max': 4, on every host
const update = process.env.UPDATE_GOLDEN === '1';

const counts = (report: readonly ReportLine[]) => ({
	mapped: report.filter(line => line.result === 'mapped').length,
	approximated: report.filter(line => line.result === 'approximated').length,
	dropped: report.filter(line => line.result === 'dropped').length,
});

for (const format of Object.keys(IMPORTERS)) {
	for (const name of readdirSync(path.join(ROOT, 'corpus', format))) {
		const source = path.join(ROOT, 'corpus', format, name);
		const golden = path.join(ROOT, 'golden', format, name);
		test.serial(`${format}: ${name} imports to its golden config and report`, async t => {
			const imported = await IMPORTERS[format]!(readFileSync(source, 'utf8'), {file: source, main: name.startsWith('huginn') ? 'schedule' : undefined});
			const config = renderConfig(imported.config, imported.comments, 'ts', name);
			const report = `${renderReport(imported.report, {}, 'sidecar.config.ts', counts(imported.report))}\n`;
			if (update) {
				mkdirSync(path.dirname(golden), {recursive: true});
				writeFileSync(`${golden}.config.ts`, config);
				writeFileSync(`${golden}.report.txt`, report);
			}

			t.is(config, readFileSync(`${golden}.config.ts`, 'utf8'));
			t.is(report, readFileSync(`${golden}.report.txt`, 'utf8'));
			t.true(imported.report.every(line => line.path !== ''), 'every report line names its source key');
		});

		test(`${format}: ${name}'s golden config passes sidecar check`, async t => {
			t.true(existsSync(`${golden}.config.ts`), 'the golden config was generated (UPDATE_GOLDEN=1)');
			const cwd = makeProject(t, {'package.json': {type: 'module'}, 'sidecar.config.ts': readFileSync(`${golden}.config.ts`, 'utf8')});
			const {exitCode, stderr} = await runCli(['check'], {cwd});
			t.is(exitCode, 0, stderr);
		});
	}
}
