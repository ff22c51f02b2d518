import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));

// Every TypeScript file of lib/, as a path relative to lib/.
const libFiles = (): string[] =>
	readdirSync(LIB, {recursive: true, encoding: 'utf8'}).filter(file => file.endsWith('.ts')).sort();

// Names that are deliberately exported from two files with one meaning (a re-export under the same name): none yet.
const DELIBERATE: string[] = [];

const DEFINITION = /^export (?:declare )?(?:async )?(?:abstract )?(?:function\*?|const|let|type|class|interface|enum) ([\w$]+)/gm;

test('no name is exported from two files of lib/ (issue 23: rename by audience instead)', t => {
	const homes = new Map<string, string[]>();
	for (const file of libFiles()) {
		for (const [, name] of readFileSync(path.join(LIB, file), 'utf8').matchAll(DEFINITION)) {
			homes.set(name!, [...homes.get(name!) ?? [], file]);
		}
	}

	t.true(homes.has('resolveConfig'), 'the scan reads lib/');
	const twice = [...homes].filter(([name, files]) => files.length > 1 && !DELIBERATE.includes(name)).map(([name, files]) => `${name}: ${files.join(', ')}`);
	t.deepEqual(twice, []);
});

// `ls lib/*/*-add-on.ts` lists the whole add-on seam: a function that returns an AddOn lives in `<concern>/<name>-add-on.ts`
// and is named `<name>AddOn` (docs/architecture.md, The add-on seam).
test('every add-on is exported as NAMEAddOn from a file named NAME-add-on.ts', t => {
	const found = libFiles().flatMap(file => [...readFileSync(path.join(LIB, file), 'utf8').matchAll(/^export function (\w+)\(.*\): AddOn {$/gm)]
		.map(([, name]) => `${file}: ${name!}`));
	const expected = found.map(entry => {
		const file = entry.slice(0, entry.indexOf(':'));
		const name = path.basename(file, '-add-on.ts').replaceAll(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
		return `${file}: ${name}AddOn`;
	});
	t.true(found.length >= 8, found.join('\n'));
	t.deepEqual(found, expected);
	t.deepEqual(found.map(entry => entry.slice(0, entry.indexOf(':'))), libFiles().filter(file => /^[\w-]+\/[\w-]+-add-on\.ts$/.test(file)));
});

// One file sends signals (issue 23): the rest of lib/ goes through lib/signals/send.ts, so a send is found in one place.
test('only lib/signals/send.ts calls process.kill', t => {
	const senders = libFiles().filter(file => readFileSync(path.join(LIB, file), 'utf8').includes('process.kill('));
	t.deepEqual(senders, ['signals/send.ts']);
});
