import path from 'node:path';
import {put, type Draft} from './draft.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, readCount, readGoDuration, shown} from './source-values.js';

// process-compose's `watch` (its www/docs/watch.md: {paths: [{path, include, exclude}], debounce, cascade,
// max_entries, disable_default_excludes, buffer_size}) → sidecar's watch (docs/watch.md). Both restart through the stop
// path and run unless --no-watch, so `when: 'always'`; both match patterns by the same rule (a `/` anchors to the root).
// Its paths are read against the process's working_dir, sidecar's against the config's directory: joined here.
export function importPcWatch(draft: Draft, at: string, value: unknown, workingDir: unknown, report: ReportBuilder): void {
	if (!isRecord(value) || !Array.isArray(value.paths)) {
		report.dropped(at, `got ${shown(value)}, expected {paths: [{path, include, exclude}]}`);
		return;
	}

	const base = typeof workingDir === 'string' ? workingDir : '.';
	const watch: Record<string, unknown> = {paths: [], when: 'always'};
	const [include, ignore] = [new Set<string>(), new Set<string>()];
	for (const [index, entry] of value.paths.entries()) {
		const at_ = `${at}.paths[${index}]`;
		const root = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.path === 'string' ? entry.path : '';
		if (root === '') {
			report.dropped(at_, `got ${shown(entry)}, expected {path, include, exclude}`);
			continue;
		}

		(watch.paths as string[]).push(path.isAbsolute(root) ? root : path.join(base, root));
		for (const [key, into] of [['include', include], ['exclude', ignore]] as const) {
			const patterns = isRecord(entry) && Array.isArray(entry[key]) ? entry[key].filter((item): item is string => typeof item === 'string' && item !== '') : [];
			patterns.forEach(pattern => into.add(pattern));
		}

		value.paths.length > 1 && isRecord(entry) && (entry.include !== undefined || entry.exclude !== undefined)
			? report.approximated(at_, 'its include and exclude apply to every path of the watch (sidecar has one list each)')
			: report.mapped(at_);
	}

	readOptions(value, at, watch, report);
	if (include.size > 0) {
		watch.include = [...include];
	}

	if (ignore.size > 0) {
		watch.ignore = [...ignore];
	}

	if ((watch.paths as string[]).length > 0) {
		put(draft, 'watch', watch, at);
		report.mapped(at);
	}
}

function readOptions(value: Record<string, unknown>, at: string, watch: Record<string, unknown>, report: ReportBuilder): void {
	for (const [key, option] of Object.entries(value).filter(([key]) => key !== 'paths')) {
		const at_ = `${at}.${key}`;
		const converted = key === 'debounce' ? readGoDuration(option) : key === 'cascade' ? (typeof option === 'boolean' ? option : undefined) : key === 'max_entries' ? (readCount(option) || undefined) : undefined;
		if (converted !== undefined) {
			watch[key === 'max_entries' ? 'maxDirs' : key] = converted;
			report.mapped(at_);
		} else if (key === 'disable_default_excludes') {
			report.dropped(at_, 'sidecar always applies its default ignores (.git, node_modules, dist, build, …); a path you name is watched even inside one');
		} else if (key === 'buffer_size') {
			report.dropped(at_, 'a Windows event buffer: inotify has none to size');
		} else {
			report.dropped(at_, `got ${shown(option)}, expected ${key === 'debounce' ? 'a Go duration like "300ms"' : key === 'cascade' ? 'true or false' : key === 'max_entries' ? 'a count' : 'a watch key (paths, debounce, cascade, max_entries)'}`);
		}
	}
}
