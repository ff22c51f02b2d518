// Compose interpolates `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` from the shell and `.env`, an unset
// variable being empty (with a warning), and reads `$$` as a literal `$`. sidecar's YAML/JSON configs interpolate
// `${VAR}` and `${VAR:-default}` and fail on an unset variable with no default (config/interpolate.ts), and read
// `$${` as a literal `${`. This rewrites one compose string into sidecar's syntax with the same meaning.
export type Rewritten = {text: string; approximated: string | undefined};

const TOKEN = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_]\w*)/g;

// One compose string → sidecar's syntax; `approximated` says what had no exact form (`:?` errors, `:+` alternates).
export function rewriteInterpolation(text: string): Rewritten {
	const notes = new Set<string>();
	let out = '';
	let last = 0;
	for (const match of text.matchAll(TOKEN)) {
		out += text.slice(last, match.index);
		last = match.index + match[0].length;
		const [whole, braced, operator, operand, bare] = match;
		if (whole === '$$') {
			// A literal `$`: sidecar only needs an escape where `${NAME` would follow.
			out += /^\{[A-Za-z_]\w*(:-[^}]*)?\}/.test(text.slice(last)) ? '$$' : '$';
		} else if (bare !== undefined) {
			out += `\${${bare}:-}`;
		} else if (operator === undefined) {
			out += `\${${braced}:-}`;
		} else if (operator === ':-' || operator === '-') {
			out += `\${${braced}:-${operand}}`;
			if (operator === '-') {
				notes.add('`${VAR-default}` became `${VAR:-default}` (the default also applies when VAR is empty)');
			}
		} else {
			out += `\${${braced}:-}`;
			notes.add(operator.endsWith('?')
				? `\`\${${braced}${operator}…}\` became \`\${${braced}:-}\` (sidecar has no required-variable error)`
				: `\`\${${braced}${operator}…}\` became \`\${${braced}:-}\` (sidecar has no alternate value)`);
		}
	}

	out += text.slice(last);
	return {text: out, approximated: notes.size === 0 ? undefined : [...notes].join('; ')};
}
