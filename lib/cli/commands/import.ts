import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {EXIT, SidecarError, UsageError} from '../../errors.js';
import {detectFormat} from '../../import/detect.js';
import {IMPORTERS} from '../../import/importers.js';
import {rebasePaths} from '../../import/rebase-paths.js';
import {ImportError, type Imported, type ImportFormat, type ReportLine} from '../../import/types.js';
import {renderConfig, type ConfigFormat} from '../../import/write-config.js';
import {parseCommand} from '../args.js';
import {isModulePackage} from '../package-type.js';
import {printError, printOut} from '../print.js';

const FORMAT_OF: Record<string, ConfigFormat> = {'.ts': 'ts', '.mts': 'ts', '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json'};

// `sidecar import FILE`: detect the format, import, write the config, print the report (docs/import.md).
export async function importConfig(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('import', args);
	const cwd = process.cwd();
	const file = path.resolve(cwd, positionals[0]!);
	const text = await readFile(file, 'utf8').catch((error: unknown) => {
		throw new SidecarError(`unable to read ${positionals[0]!}: ${describe(error)}`, EXIT.noInput, {cause: error});
	});
	const from = (values.from as ImportFormat | undefined) ?? detectFormat(file, text);
	if (from === null) {
		throw new UsageError(`import: unable to tell the format of ${positionals[0]!} from its name or content: give --from procfile, pm2, compose or process-compose`);
	}

	const outGiven = values.out as string | undefined;
	const format = (values.format as ConfigFormat | undefined) ?? (outGiven === undefined ? 'ts' : FORMAT_OF[path.extname(outGiven)] ?? 'ts');
	const out = path.resolve(cwd, outGiven ?? defaultOut(format, cwd));
	if (existsSync(out) && values.force !== true) {
		throw new SidecarError(`unable to write ${path.relative(cwd, out) || out}: it exists (--force overwrites it)`, EXIT.cantCreate);
	}

	const imported = await runImporter(from, text, file, values);
	const config = rebasePaths(imported.config, path.dirname(file), path.dirname(out));
	const counts = countResults(imported.report);
	const strictFailure = values.strict === true && counts.approximated + counts.dropped > 0;
	if (!strictFailure) {
		await writeFile(out, renderConfig(config, imported.comments, format, path.basename(file)), {flag: values.force === true ? 'w' : 'wx'}).catch((error: unknown) => {
			const code = (error as NodeJS.ErrnoException).code;
			throw new SidecarError(`unable to write ${path.relative(cwd, out) || out}: ${describe(error)}`, code === 'EEXIST' ? EXIT.cantCreate : EXIT.io, {cause: error});
		});
	}

	const comments = format === 'json' ? imported.comments : {};
	if (values.report === 'json') {
		await printOut(JSON.stringify({source: file, from, config: strictFailure ? null : out, report: imported.report, comments: imported.comments}, null, 2));
	} else {
		await printOut(renderReport(imported.report, comments, strictFailure ? null : path.relative(cwd, out) || out, counts));
	}

	if (strictFailure) {
		printError(`import --strict: ${counts.approximated} approximated, ${counts.dropped} dropped: nothing written`);
		return EXIT.data;
	}

	return EXIT.ok;
}

async function runImporter(from: ImportFormat, text: string, file: string, values: Record<string, unknown>): Promise<Imported> {
	try {
		return await IMPORTERS.get(from)!(text, {file, main: values.main as string | undefined, env: values.env as string | undefined, skipImageOnly: values['skip-image-only'] === true});
	} catch (error) {
		if (error instanceof ImportError) {
			throw new SidecarError(`${path.relative(process.cwd(), file) || file}:${error.line}:${error.column}: ${error.message}`, EXIT.data, {cause: error});
		}

		throw error;
	}
}

// sidecar.config.ts, or .mts where a .ts file would be CommonJS (as `sidecar init` does).
const defaultOut = (format: ConfigFormat, cwd: string): string =>
	format === 'ts' ? (isModulePackage(cwd) ? 'sidecar.config.ts' : 'sidecar.config.mts') : `sidecar.config.${format}`;

function countResults(report: readonly ReportLine[]): Record<ReportLine['result'], number> {
	const counts = {mapped: 0, approximated: 0, dropped: 0};
	for (const line of report) {
		counts[line.result]++;
	}

	return counts;
}

// `path: mapped`, `path: approximated (how)`, `path: dropped (why)`, the comments JSON could not hold, a last line.
export function renderReport(report: readonly ReportLine[], comments: Record<string, string>, written: string | null, counts: Record<ReportLine['result'], number>): string {
	const lines = report.map(line => `${line.path}: ${line.result}${line.result === 'approximated' ? ` (${line.how})` : line.result === 'dropped' ? ` (${line.why})` : ''}`);
	const notes = Object.entries(comments).map(([at, text]) => `note for ${at}: ${text.replaceAll('\n', ' ')}`);
	const total = `${counts.mapped} mapped, ${counts.approximated} approximated, ${counts.dropped} dropped`;
	return [...lines, ...notes, written === null ? `nothing written (${total})` : `wrote ${written} (${total})`].join('\n');
}

// `ENOENT (no such file or directory)`.
function describe(error: unknown): string {
	const {code, message} = error as NodeJS.ErrnoException;
	const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1];
	return code === undefined ? message : reason === undefined ? code : `${code} (${reason})`;
}
