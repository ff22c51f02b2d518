// A Procfile line by line: foreman's and honcho's grammar (`^([A-Za-z0-9_-]+):\s*(.+)$`), keeping what they skip.
// foreman and overmind drop a line they do not understand without a word (frontier.md §1.4); here every line is
// returned with its kind, so the importer can report it.
export type ProcfileLine =
	| {kind: 'process'; line: number; name: string; command: string; position: number}
	| {kind: 'comment'; line: number; text: string}
	| {kind: 'blank'; line: number}
	| {kind: 'malformed'; line: number; text: string}
	| {kind: 'duplicate'; line: number; name: string; first: number};

const PROCESS_LINE = /^([A-Za-z\d_-]+):\s*(.+)$/;

// Every line of a Procfile, 1-based. `position` counts process lines only (foreman's port rule: base + 100 × position).
export function parseProcfile(text: string): ProcfileLine[] {
	const seen = new Map<string, number>();
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	if (lines.at(-1) === '') {
		lines.pop(); // The newline that ends the last line starts no line of its own.
	}

	return lines.map((raw, index): ProcfileLine => {
		const line = index + 1;
		const trimmed = raw.trim();
		if (trimmed === '') {
			return {kind: 'blank', line};
		}

		if (trimmed.startsWith('#')) {
			return {kind: 'comment', line, text: trimmed.replace(/^#\s?/, '')};
		}

		const match = PROCESS_LINE.exec(raw.trimEnd());
		if (match === null) {
			return {kind: 'malformed', line, text: raw};
		}

		const [, name = '', command = ''] = match;
		const first = seen.get(name);
		if (first !== undefined) {
			return {kind: 'duplicate', line, name, first};
		}

		seen.set(name, line);
		return {kind: 'process', line, name, command: command.trim(), position: seen.size - 1};
	});
}

// The process lines alone.
export const procfileProcesses = (lines: readonly ProcfileLine[]) =>
	lines.filter((line): line is Extract<ProcfileLine, {kind: 'process'}> => line.kind === 'process');
