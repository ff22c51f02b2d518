import path from 'node:path';
import {compileGlob} from './glob.js';

// What a tree walk asks of the patterns, for paths below a watched root (`root` is an ancestor of each path asked;
// the roots themselves are filtered by `exclude` alone: a path the user names is watched even when a default ignore
// would match it).
export type PathRules = {
	// An ignored or excluded directory is neither watched nor walked.
	skipsDirectory(root: string, directory: string): boolean;
	// A file is reported unless ignored or excluded, and, when there are includes, only if one matches.
	reportsFile(root: string, file: string): boolean;
	// `exclude` alone: for a path given itself as a root.
	excludes(file: string): boolean;
};

type Matcher = (relative: string, name: string) => boolean;

// Process-compose's rule: a pattern with `/` matches the path relative to the watched root, one without matches
// the base name at any depth. A leading `/` or `./` anchors at the root (as it does anyway); a trailing `/` is
// dropped, so `logs/` matches a file or directory named logs anywhere, as in .gitignore.
export function compilePattern(pattern: string): Matcher {
	const trimmed = pattern.replace(/^\.?\/+/, '').replace(/\/+$/, '');
	const regexp = compileGlob(trimmed);
	return trimmed.includes('/') ? relative => regexp.test(relative) : (_relative, name) => regexp.test(name);
}

// The ignore, include and exclude lists of TreeWatchOptions → PathRules, compiled once.
export function createPathRules(options: {ignore: readonly string[]; include: readonly string[]; exclude: readonly string[]}): PathRules {
	const ignore = options.ignore.map(pattern => compilePattern(pattern));
	const include = options.include.map(pattern => compilePattern(pattern));
	const excluded = new Set(options.exclude.map(file => path.resolve(file)));
	// A log file's rotations too (lib/logs/rotate.ts renames file → file.1 → … file.KEEP).
	const excludes = (file: string) => excluded.has(file) || excluded.has(file.replace(/\.\d+$/, ''));
	// Called per file of every pass in poll mode: slices, not path.relative (a third of a pass's CPU, measured).
	const matchesAny = (matchers: Matcher[], root: string, file: string) => {
		const relative = file.slice(root.endsWith(path.sep) ? root.length : root.length + 1);
		const name = file.slice(file.lastIndexOf(path.sep) + 1);
		return matchers.some(matches => matches(relative, name));
	};

	return {
		skipsDirectory: (root, directory) => excludes(directory) || matchesAny(ignore, root, directory),
		reportsFile: (root, file) =>
			!excludes(file) && !matchesAny(ignore, root, file) && (include.length === 0 || matchesAny(include, root, file)),
		excludes,
	};
}
