import {realpathSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {EXIT, SidecarError, UsageError} from '../../errors.js';
import {packageFile} from '../../package-root.js';
import {parseCommand} from '../args.js';
import {readConfig} from '../config-input.js';
import {printOut} from '../print.js';

// `sidecar export systemd|kubernetes|compose`: the same config, written for another runtime, on stdout.
export async function exportUnit(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('export', args);
	const [target] = positionals;
	const kind = values.kind === 'pod' ? 'pod' : 'deployment'; // Checked against its choices by parseCommand.
	const config = await readConfig(values.config as string | undefined, process.cwd());
	const images = parseImages((values.image ?? []) as string[]);
	if (target === 'systemd') {
		const {exportSystemd, exportSystemdFiles, printFiles} = await import('../../exporters/systemd.js');
		const {socketFiles} = await import('../../exporters/systemd-sockets.js');
		const {systemdUnitName} = await import('../../exporters/systemd-timers.js');
		const bin = realpathSync(packageFile('dist/cli/sidecar.js'));
		// Sockets come as .socket units beside the service: several files, as with --timers.
		if (values.timers !== true && config.sockets.length === 0) {
			if (values.out !== undefined) {
				throw new UsageError('export: --out needs --timers (one unit is printed on stdout)');
			}

			await printOut(exportSystemd(config, {node: process.execPath, bin}));
			return EXIT.ok;
		}

		const files = values.timers === true
			? exportSystemdFiles(config, {node: process.execPath, bin})
			: [{name: `${systemdUnitName(config.name)}.service`, text: exportSystemd(config, {node: process.execPath, bin})}, ...socketFiles(config)];
		if (values.out === undefined) {
			await printOut(printFiles(files));
		} else {
			await writeFiles(values.out as string, files);
		}
	} else if (values.timers === true || values.out !== undefined) {
		throw new UsageError(`export: --timers and --out are for systemd, not ${target}`);
	} else if (target === 'kubernetes') {
		const {exportKubernetes} = await import('../../exporters/kubernetes.js');
		await printOut(exportKubernetes(config, {kind, images}));
	} else {
		const {exportCompose} = await import('../../exporters/compose.js');
		await printOut(exportCompose(config, {images}));
	}

	return EXIT.ok;
}

// `--image logship=ghcr.io/acme/logship:1.4` (repeatable) → {logship: 'ghcr.io/acme/logship:1.4'}.
function parseImages(pairs: string[]): Record<string, string> {
	return Object.fromEntries(pairs.map(pair => {
		const index = pair.indexOf('=');
		if (index < 1 || index === pair.length - 1) {
			throw new UsageError(`export: --image got ${JSON.stringify(pair)}, expected NAME=IMAGE`);
		}

		return [pair.slice(0, index), pair.slice(index + 1)];
	}));
}

// `--out DIR`: each file by its own name, one line per file written on stdout. A directory that cannot be made or
// written is one error line naming it (exit 74), never a stack trace; the files written before it are listed.
async function writeFiles(directory: string, files: Array<{name: string; text: string}>): Promise<void> {
	await mkdir(directory, {recursive: true}).catch((error: unknown) => {
		throw writeError(directory, error);
	});
	for (const {name, text} of files) {
		const file = path.join(directory, name);
		// eslint-disable-next-line no-await-in-loop -- few files, in order
		await writeFile(file, text).catch((error: unknown) => {
			throw writeError(file, error);
		});
		await printOut(`wrote ${file}`); // eslint-disable-line no-await-in-loop
	}
}

// `unable to write units/shop.service: EACCES (permission denied)`.
function writeError(target: string, error: unknown): SidecarError {
	const {code, message} = error as NodeJS.ErrnoException;
	const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1];
	return new SidecarError(`unable to write ${target}: ${code === undefined ? message : reason === undefined ? code : `${code} (${reason})`}`, EXIT.io, {cause: error});
}
