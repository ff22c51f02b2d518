import path from 'node:path';
import type {ImportFormat} from './types.js';

// The formats `sidecar import --from` accepts, in the order detection tries them.
export const IMPORT_FORMATS: readonly ImportFormat[] = ['procfile', 'pm2', 'compose', 'process-compose'];

// File names each tool looks for by default (foreman, pm2, docker compose, process-compose).
const NAMES: ReadonlyArray<[RegExp, ImportFormat]> = [
	[/^procfile(\..+)?$/i, 'procfile'],
	[/^ecosystem.*\.config\.(js|cjs|mjs|json|ya?ml)$|^ecosystem.*\.(json|ya?ml)$|^process\.(json|ya?ml|config\.(js|cjs|mjs))$/i, 'pm2'],
	[/^process-compose.*\.ya?ml$/i, 'process-compose'],
	[/^(docker-)?compose.*\.ya?ml$|^docker-stack.*\.ya?ml$/i, 'compose'],
];

// The format of FILE from its name, else from its content (`processes:` → process-compose, `services:` → compose,
// `apps` → pm2, `NAME: command` lines → Procfile); null when neither tells.
export function detectFormat(file: string, text: string): ImportFormat | null {
	const base = path.basename(file);
	const byName = NAMES.find(([pattern]) => pattern.test(base));
	if (byName !== undefined) {
		return byName[1];
	}

	if (/^processes:/m.test(text)) {
		return 'process-compose';
	}

	if (/^services:/m.test(text)) {
		return 'compose';
	}

	if (/\bapps\s*:|"apps"\s*:|module\.exports|export default/.test(text)) {
		return 'pm2';
	}

	const lines = text.split('\n').filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'));
	return lines.length > 0 && lines.every(line => /^[\w-]+:\s*\S/.test(line)) ? 'procfile' : null;
}
