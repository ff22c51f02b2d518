import test from 'ava';
import {compilePattern, createPathRules} from '../../lib/watch/path-rules.js';

const patternMatches = test.macro({
	exec(t, pattern: string, relative: string, expected: boolean) {
		t.is(compilePattern(pattern)(relative, relative.split('/').at(-1)!), expected);
	},
	title: (_title, pattern: string, relative: string, expected: boolean) => `pattern ${pattern} ${expected ? 'matches' : 'does not match'} ${relative}`,
});

test(patternMatches, 'node_modules', 'node_modules', true);
test(patternMatches, 'node_modules', 'packages/a/node_modules', true);
test(patternMatches, 'src/generated', 'src/generated', true);
test(patternMatches, 'src/generated', 'lib/src/generated', false);
test(patternMatches, '/src/generated', 'src/generated', true);
test(patternMatches, './src/generated', 'src/generated', true);
test(patternMatches, 'logs/', 'a/logs', true);
test(patternMatches, '*.swp', 'src/deep/.a.swp', true);
test(patternMatches, 'src/*.swp', 'src/deep/.a.swp', false);

const rules = createPathRules({ignore: ['node_modules', 'src/generated'], include: ['*.ts'], exclude: ['/app/logs/app.log']});

test('an ignored directory is skipped by name at any depth, or by its path from the root', t => {
	t.true(rules.skipsDirectory('/app', '/app/packages/a/node_modules'));
	t.true(rules.skipsDirectory('/app', '/app/src/generated'));
	t.false(rules.skipsDirectory('/app/src', '/app/src/generated')); // From another root it is generated/.
	t.false(rules.skipsDirectory('/app', '/app/src'));
});

test('a file is reported when it is not ignored nor excluded and matches an include', t => {
	t.true(rules.reportsFile('/app', '/app/src/a.ts'));
	t.false(rules.reportsFile('/app', '/app/src/a.js'));
	t.false(rules.reportsFile('/app', '/app/node_modules'));
	t.true(rules.reportsFile('/', '/a.ts'));
});

test('an excluded file and its rotations are excluded, other names are not', t => {
	t.true(rules.excludes('/app/logs/app.log'));
	t.true(rules.excludes('/app/logs/app.log.3'));
	t.false(rules.excludes('/app/logs/app.log.old'));
	t.false(rules.excludes('/app/logs/other.log'));
});
