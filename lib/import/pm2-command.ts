import path from 'node:path';

// The interpreter pm2 picks by the script's extension (Unitech/pm2 lib/Common.js, resolveInterpreter); a script with
// no extension is run directly, as pm2 does for a binary (`script: 'npm'`).
const INTERPRETERS: Record<string, string> = {
	'.js': 'node', '.cjs': 'node', '.mjs': 'node', '.ts': 'node', '.sh': 'bash', '.py': 'python', '.rb': 'ruby',
	'.php': 'php', '.pl': 'perl', '.coffee': 'coffee', '.ls': 'lsc',
};

// `script` + `interpreter` + `node_args` + `args` → the argv pm2 would spawn; no shell, as pm2 uses none.
export function pm2Command(app: Record<string, unknown>): string[] | undefined {
	const script = app.script ?? app.exec;
	if (typeof script !== 'string' || script === '') {
		return undefined;
	}

	const given = app.interpreter ?? app.exec_interpreter;
	const interpreter = typeof given === 'string' && given !== '' ? given : (INTERPRETERS[path.extname(script).toLowerCase()] ?? (path.extname(script) === '' ? 'none' : 'node'));
	const args = splitArgs(app.args);
	if (interpreter === 'none') {
		return [script, ...args];
	}

	return [interpreter, ...splitArgs(app.node_args ?? app.interpreter_args ?? app.interpreterArgs), script, ...args];
}

// An array of arguments, or a string split as a shell would split words (quotes kept together, nothing expanded).
export function splitArgs(value: unknown): string[] {
	if (Array.isArray(value)) {
		return value.map(String);
	}

	if (typeof value !== 'string' && typeof value !== 'number') {
		return [];
	}

	const words: string[] = [];
	for (const [, double, single, bare] of String(value).matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+)/g)) {
		words.push(double?.replaceAll(/\\(.)/g, '$1') ?? single ?? bare!.replaceAll(/\\(.)/g, '$1'));
	}

	return words;
}
