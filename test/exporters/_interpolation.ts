// What each target does to a string before the process sees it, written from its spec, so a test can check that the
// exported string reaches the process as configured. Each is checked against known inputs in escaping.ts.

// Strings a user may well configure, each hostile to at least one target's parsing.
export const hostileStrings = [
	'$VAR', '${X:-y}', '${X}', '$(cmd)', '$$', '$$(X)', 'costs 5$', '$', '$(', '${', '%i', '%%', '100%', '%n$X',
	'it\'s', 'say "hi"', '\'"\'"', 'line one\nline two', 'cr\rlf', 'tab\there', 'back\\slash', 'trailing\\', '\\"', '\\$VAR',
	';', 'a; b', '&& rm -rf /', '`id`', '# not a comment', '', ' leading space', 'ünïcödé ✓', '-c "$PWD/nginx.conf"',
];

// Compose (docs.docker.com/reference/compose-file/interpolation): `$$` is `$`; `$NAME` and `${NAME…}` (with `:-`, `-`,
// `:?`, `?`, `:+`, `+`, nested) are replaced; a `$` before anything else is kept; an unclosed `${` is an error.
export function composeInterpolate(input: string, env: Record<string, string>): string {
	let output = '';
	for (let index = 0; index < input.length; index++) {
		const rest = input.slice(index + 1);
		const named = /^[_a-zA-Z]\w*/.exec(rest);
		if (input[index] !== '$') {
			output += input[index];
		} else if (rest.startsWith('$')) {
			output += '$';
			index += 1;
		} else if (named !== null) {
			output += env[named[0]] ?? '';
			index += named[0].length;
		} else if (rest.startsWith('{')) {
			const end = closingBrace(input, index + 1);
			output += braced(input.slice(index + 2, end), env);
			index = end;
		} else {
			output += '$';
		}
	}

	return output;
}

function closingBrace(input: string, open: number): number {
	let depth = 0;
	for (let index = open; index < input.length; index++) {
		depth += input[index] === '{' ? 1 : input[index] === '}' ? -1 : 0;
		if (depth === 0) {
			return index;
		}
	}

	throw new Error(`invalid interpolation format: ${JSON.stringify(input)}`);
}

function braced(body: string, env: Record<string, string>): string {
	const match = /^([_a-zA-Z]\w*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
	if (match === null) {
		throw new Error(`invalid interpolation format: \${${body}}`);
	}

	const [, name = '', operator, word = ''] = match;
	const value = env[name];
	const present = operator?.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
	switch (operator?.at(-1)) {
		case '-': {
			return present ? value! : composeInterpolate(word, env);
		}

		case '?': {
			if (!present) {
				throw new Error(`required variable ${name} is missing a value: ${word}`);
			}

			return value!;
		}

		case '+': {
			return present ? composeInterpolate(word, env) : '';
		}

		default: {
			return value ?? '';
		}
	}
}

// Kubernetes' expansion of command, args and env values (kubernetes/kubernetes,
// third_party/forked/golang/expansion/expand.go): `$$` is `$`, `$(NAME)` is NAME's value when defined and kept as
// written otherwise, and any other `$` is kept.
export function kubernetesExpand(input: string, env: Record<string, string>): string {
	let output = '';
	for (let index = 0; index < input.length; index++) {
		const next = input[index + 1];
		const close = input.indexOf(')', index + 2);
		if (input[index] !== '$' || next === undefined) {
			output += input[index];
		} else if (next === '(' && close !== -1) {
			const name = input.slice(index + 2, close);
			output += Object.hasOwn(env, name) ? env[name] : `$(${name})`;
			index = close;
		} else {
			output += next === '$' ? '$' : `$${next}`;
			index += 1;
		}
	}

	return output;
}

// An ExecStart= value as the argv systemd runs (systemd.service(5), "Command lines"; systemd.syntax(7)): words split
// on whitespace, "…" and '…' quote, C escapes resolve, `%%` is `%` (another specifier is marked `<%x>`), then at exec
// `$$` is `$`, `${NAME}` and a whole-word `$NAME` expand, and any other `$` is kept.
export function systemdExecArgv(value: string, env: Record<string, string>): string[] {
	const words: string[] = [];
	let index = 0;
	while (index < value.length) {
		while (/\s/.test(value[index] ?? '')) {
			index++;
		}

		if (index === value.length) {
			break;
		}

		let word = '';
		let quote: string | null = null;
		for (; index < value.length && (quote !== null || !/\s/.test(value[index]!)); index++) {
			const char = value[index]!;
			if (char === quote) {
				quote = null;
			} else if (quote === null && (char === '"' || char === '\'')) {
				quote = char;
			} else if (char === '\\') {
				const [text, length] = cUnescape(value.slice(index + 1));
				word += text;
				index += length;
			} else {
				word += char;
			}
		}

		if (quote !== null) {
			throw new Error(`unbalanced quote in ${JSON.stringify(value)}`);
		}

		words.push(word);
	}

	return words.map(word => expandVariables(word.replaceAll(/%(.)/gs, (_, char: string) => (char === '%' ? '%' : `<%${char}>`)), env));
}

const simpleEscapes: Record<string, string> = {a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', '\'': '\''};

// One C escape after a backslash: the text it stands for and how many characters it took.
function cUnescape(after: string): [string, number] {
	const simple = simpleEscapes[after[0] ?? ''];
	const hex = /^x([\da-fA-F]{2})|^u([\da-fA-F]{4})|^U([\da-fA-F]{8})/.exec(after);
	const octal = /^[0-7]{3}/.exec(after);
	if (simple !== undefined) {
		return [simple, 1];
	}

	if (hex !== null) {
		return [String.fromCodePoint(Number.parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16)), hex[0].length];
	}

	if (octal !== null) {
		return [String.fromCodePoint(Number.parseInt(octal[0], 8)), 3];
	}

	throw new Error(`invalid escape \\${after[0] ?? ''}`);
}

function expandVariables(word: string, env: Record<string, string>): string {
	const whole = /^\$([A-Za-z_]\w*)$/.exec(word);
	if (whole !== null) {
		return env[whole[1]!] ?? '';
	}

	return word.replaceAll(/\$(\$|\{([A-Za-z_]\w*)\})/g, (_, escaped: string, name: string | undefined) =>
		(name === undefined ? escaped : env[name] ?? ''));
}
