// A small glob matcher instead of a dependency: `path.matchesGlob` prints an ExperimentalWarning on Node 20, and
// picomatch reaches node_modules only through dev tools (no types either); the rule below needs forty lines.
// Supported: `**` as a whole segment (zero or more directories), `*` (any run within a segment, dot files too),
// `?` (one character), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, `{a,b}` (alternatives, nestable, without `/`) and `\`
// escaping the next character. Everything else is literal.

const special = /[.+^${}()|[\]\\*?]/g;

// `pattern` → an anchored RegExp over a `/`-separated path (or a base name, for a pattern without `/`).
export function compileGlob(pattern: string): RegExp {
	const segments = pattern.split('/');
	let source = '';
	for (const [index, segment] of segments.entries()) {
		const last = index === segments.length - 1;
		if (segment === '**') {
			source += index === 0 ? (last ? '.*' : '(?:.*/)?') : '(?:/.*)?';
			continue;
		}

		const afterLeadingGlobstar = index === 1 && segments[0] === '**';
		source += (index === 0 || afterLeadingGlobstar ? '' : '/') + compileSegment(segment);
	}

	return new RegExp(`^${source}$`);
}

function compileSegment(segment: string): string {
	let source = '';
	let braces = 0;
	for (let i = 0; i < segment.length; i++) {
		const char = segment[i]!;
		if (char === '\\' && i + 1 < segment.length) {
			source += escape(segment[++i]!);
		} else if (char === '*') {
			source += '[^/]*';
			while (segment[i + 1] === '*') {
				i++;
			}
		} else if (char === '?') {
			source += '[^/]';
		} else if (char === '[' && segment.includes(']', i + 2)) {
			const end = segment.indexOf(']', i + 2);
			const body = segment.slice(i + 1, end);
			const negated = body.startsWith('!') || body.startsWith('^');
			source += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&')}]`;
			i = end;
		} else if (char === '{') {
			braces++;
			source += '(?:';
		} else if (char === ',' && braces > 0) {
			source += '|';
		} else if (char === '}' && braces > 0) {
			braces--;
			source += ')';
		} else {
			source += escape(char);
		}
	}

	return source + ')'.repeat(braces); // An unclosed `{` closes at the segment's end.
}

const escape = (char: string): string => char.replace(special, '\\$&');
