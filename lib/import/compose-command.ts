import type {ReportBuilder} from './report-builder.js';
import {shown} from './source-values.js';

type Rewrite = (text: string, at: string) => string;

// Quotes one argv word for /bin/sh when it needs it.
export const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll('\'', '\'\\\'\'')}'`);

const readPart = (value: unknown): string | string[] | undefined =>
	typeof value === 'string' ? value : Array.isArray(value) && value.every(item => typeof item === 'string') ? value as string[] : undefined;

// `entrypoint` + `command` → one sidecar command: a string stays a string (run through /bin/sh -c, so `$VAR`, `&&`
// and `VAR=x cmd` keep working), arrays stay arrays; an entrypoint with a command joins them, as a shell string when
// either was one. Returns undefined when the service has neither (its image's own command would run).
export function importCommand(at: string, service: Record<string, unknown>, report: ReportBuilder, rewrite: Rewrite): string | string[] | undefined {
	const parts: Array<string | string[]> = [];
	for (const key of ['entrypoint', 'command']) {
		const value = service[key];
		if (value === undefined || value === null) {
			continue;
		}

		const part = readPart(value);
		if (part === undefined || (typeof part === 'string' ? part.trim() === '' : part.length === 0)) {
			report.dropped(`${at}.${key}`, `got ${shown(value)}, expected a string or a list of strings`);
			continue;
		}

		// A folded block (`command: >`) ends in a newline: trimmed.
		parts.push(typeof part === 'string' ? rewrite(part.trim(), `${at}.${key}`) : part.map(word => rewrite(word, `${at}.${key}`)));
		report.mapped(`${at}.${key}`);
	}

	if (parts.length < 2) {
		return parts[0];
	}

	const [entrypoint, command] = parts as [string | string[], string | string[]];
	if (Array.isArray(entrypoint) && Array.isArray(command)) {
		return [...entrypoint, ...command];
	}

	// Compose splits a string entrypoint or command into words; joined, the shell splits them the same way.
	const text = (part: string | string[]) => (typeof part === 'string' ? part : part.map(word => shellWord(word)).join(' '));
	return `${text(entrypoint)} ${text(command)}`;
}
