import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {Issue} from '../errors.js';
import type {ResolvedEnvFile} from './types.js';

// `envFile: '.env'` or `['.env', '-.env.local']` → absolute paths; a leading '-' makes a file optional (systemd's
// EnvironmentFile= rule). Relative to the config directory.
export function readEnvFileNames(at: string, value: unknown, directory: string, issues: Issue[]): ResolvedEnvFile[] {
	if (value === undefined) {
		return [];
	}

	const names = typeof value === 'string' ? [value] : value;
	if (!Array.isArray(names) || !names.every(name => typeof name === 'string' && name.replace(/^-/, '') !== '')) {
		issues.push({path: at, given: value, expected: 'a file path or an array of them, like ".env" or [".env", "-.env.local"]'});
		return [];
	}

	return (names as string[]).map(name => ({path: path.resolve(directory, name.replace(/^-/, '')), optional: name.startsWith('-')}));
}

export type FileEnv = {values: Record<string, string>; sources: Record<string, string>};

// dotenv loads at the first env file, through require (it is CommonJS): a unit without one does not pay its ~7 ms
// (it loads node:crypto) at every start (docs/benchmarks.md, start-up).
const require = createRequire(import.meta.url);
const parseEnv = (text: Buffer): Record<string, string> => (require('dotenv') as typeof import('dotenv')).parse(text);

// Reads each file with dotenv's parser (comments, quotes, multi-line quoted values, `export `), a later file
// winning. A missing optional file is skipped; a missing or unreadable required one is an issue naming it.
// Values are never put in an issue: they may be secrets.
export function readEnvFiles(at: string, files: readonly ResolvedEnvFile[], issues: Issue[]): FileEnv {
	const env: FileEnv = {values: {}, sources: {}};
	for (const file of files) {
		let text: Buffer;
		try {
			text = readFileSync(file.path);
		} catch (error) {
			const {code} = error as NodeJS.ErrnoException;
			if (!(file.optional && code === 'ENOENT')) {
				const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a directory' : (error as Error).message;
				issues.push({path: at, given: file.path, expected: `a readable env file (${reason})${file.optional ? '' : '; a "-" before the path makes it optional'}`});
			}

			continue;
		}

		for (const [key, value] of Object.entries(parseEnv(text))) {
			env.values[key] = value;
			env.sources[key] = file.path;
		}
	}

	return env;
}
