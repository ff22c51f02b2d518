import type {Imported, ReportLine} from './types.js';

// Collects the report (one line per source path) and the comments of an import; a path reported twice keeps its
// first line, so a caller can report a whole key after reporting parts of it without doubling.
export type ReportBuilder = {
	mapped: (path: string) => void;
	approximated: (path: string, how: string) => void;
	dropped: (path: string, why: string) => void;
	comment: (configPath: string, text: string) => void;
	has: (path: string) => boolean;
	// The line reported for a path, if any.
	lineOf: (path: string) => ReportLine | undefined;
	// Replaces a path's line (a key that turned out not to fit where it went, such as a restart policy on main).
	replace: (path: string, line: ReportLine) => void;
	finish: (config: Record<string, unknown>) => Imported;
};

// A fresh builder for one import.
export function createReport(): ReportBuilder {
	const lines = new Map<string, ReportLine>();
	const comments: Record<string, string> = {};
	const add = (line: ReportLine) => {
		if (!lines.has(line.path)) {
			lines.set(line.path, line);
		}
	};

	return {
		mapped: path => add({path, result: 'mapped'}),
		approximated: (path, how) => add({path, result: 'approximated', how}),
		dropped: (path, why) => add({path, result: 'dropped', why}),
		comment(configPath, text) {
			comments[configPath] = configPath in comments ? `${comments[configPath]}\n${text}` : text;
		},
		has: path => lines.has(path),
		lineOf: path => lines.get(path),
		replace: (path, line) => lines.set(path, line),
		finish: config => ({config, report: [...lines.values()], comments}),
	};
}
