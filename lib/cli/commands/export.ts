import {realpathSync} from 'node:fs';
import {EXIT, UsageError} from '../../errors.js';
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
		const {exportSystemd} = await import('../../exporters/systemd.js');
		const bin = realpathSync(packageFile('dist/cli/sidecar.js'));
		await printOut(exportSystemd(config, {node: process.execPath, bin}));
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
