import test from 'ava';
import {compileGlob} from '../../lib/watch/glob.js';

const globMatches = test.macro({
	exec(t, pattern: string, matching: string[], notMatching: string[]) {
		const regexp = compileGlob(pattern);
		for (const subject of matching) {
			t.true(regexp.test(subject), `${pattern} should match ${subject}`);
		}

		for (const subject of notMatching) {
			t.false(regexp.test(subject), `${pattern} should not match ${subject}`);
		}
	},
	title: (_title, pattern: string) => `glob ${pattern}`,
});

test(globMatches, '*.js', ['a.js', '.hidden.js', '.js'], ['a.jsx', 'a/b.js', 'a.ts']);
test(globMatches, '?.js', ['a.js'], ['ab.js', '.js']);
test(globMatches, '**', ['a', 'a/b/c'], []);
test(globMatches, '**/*.test.ts', ['a.test.ts', 'src/a.test.ts', 'src/deep/a.test.ts'], ['src/a.ts', 'src/a.test.tsx']);
test(globMatches, 'src/**', ['src', 'src/a', 'src/a/b'], ['srcx', 'lib/src/a']);
test(globMatches, 'src/**/gen', ['src/gen', 'src/a/gen', 'src/a/b/gen'], ['src/gen/x', 'src/agen']);
test(globMatches, 'src/*/x', ['src/a/x'], ['src/x', 'src/a/b/x']);
test(globMatches, '[abc].js', ['a.js', 'c.js'], ['d.js', '[abc].js']);
test(globMatches, '[a-c]?', ['b1'], ['d1']);
test(globMatches, '[!a]*', ['b', 'ba'], ['a', 'ab']);
test(globMatches, '[^a]*', ['b'], ['a']);
test(globMatches, '[]]', [']'], ['a']);
test(globMatches, '*.{js,ts}', ['a.js', 'a.ts'], ['a.css', 'a.{js,ts}']);
test(globMatches, '{a,b{c,d}}', ['a', 'bc', 'bd'], ['b', 'ad']);
test(globMatches, 'a+b(c).$', ['a+b(c).$'], ['aab(c).$']);
test(globMatches, '\\*', ['*'], ['a']);
test(globMatches, '.#*', ['.#file'], ['file']);
test(globMatches, '*~', ['file~'], ['file']);
test(globMatches, '4913', ['4913'], ['49134']);
