import {readFileSync} from 'node:fs';
import path from 'node:path';

// Whether a .ts file in `directory` is an ES module, by Node's rule: the nearest package.json says `"type": "module"`.
// Without one, or with npm's default (`"type": "commonjs"`, or none), it is CommonJS, where `import`/`export` in a
// .ts file fail the user's tsc (TS1295 under verbatimModuleSyntax, `tsc --init`'s default since TypeScript 5.9).
export function isModulePackage(directory: string): boolean {
	for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
		let text: string | undefined;
		try {
			text = readFileSync(path.join(dir, 'package.json'), 'utf8');
		} catch {} // None here: look in the parent, as Node does.

		if (text !== undefined) {
			try {
				return (JSON.parse(text) as {type?: unknown}).type === 'module';
			} catch {
				return false; // Node refuses to run a package with a broken package.json; CommonJS is its default.
			}
		}

		if (dir === path.dirname(dir)) {
			return false;
		}
	}
}
