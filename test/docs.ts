import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

// What a user reads: the README, docs/ and each example's README (all shipped in the package).
const pages = [
	'README.md',
	...readdirSync(path.join(REPO, 'docs')).filter(name => name.endsWith('.md')).map(name => `docs/${name}`),
	...readdirSync(path.join(REPO, 'examples')).map(name => `examples/${name}/README.md`).filter(page => existsSync(path.join(REPO, page))),
];

// A repository path in prose: `test/host/orphans.ts`, `lib/proc/proc-table.ts`; not the tail of `dist/test/…`.
const PATH = /(?<![\w./-])(?:bin|lib|test|faults|tools|bench|examples|docs)\/[\w./-]+\.(?:ts|js|md|json|sh)\b/g;

test('every file the docs name exists in the repository', t => {
	const missing = pages.flatMap(page => [...readFileSync(path.join(REPO, page), 'utf8').matchAll(PATH)]
		.map(([file]) => file)
		.filter(file => !existsSync(path.join(REPO, file)))
		.map(file => `${page}: ${file}`));
	t.deepEqual(missing, []);
});

// The original design document is not part of the repository: the docs stand on their own.
test('no page cites design.md', t => {
	t.deepEqual(pages.filter(page => readFileSync(path.join(REPO, page), 'utf8').includes('design.md')), []);
});
