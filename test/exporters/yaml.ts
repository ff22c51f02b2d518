import test from 'ava';
import {parse} from 'yaml';
import {quoteYaml, toYaml, type YamlValue} from '../../lib/exporters/yaml.js';

const roundTrips = test.macro({
	exec(t, value: YamlValue) {
		t.deepEqual(parse(toYaml(value)), value);
	},
	title: (given = '') => `round-trips ${given}`,
});

test('nested mappings and sequences', roundTrips, {a: {b: [1, 2, {c: 'd', e: [true, false, null]}], f: []}, g: {}});
test('sequences of sequences', roundTrips, [[1, [2, 3]], [], 'x']);
test('strings that look like other types', roundTrips, ['true', 'no', 'Y', '~', 'null', '1', '0x1F', '1e3', '.5', '-1', '500m', '']);
test('strings with YAML syntax', roundTrips, ['a: b', 'a #b', '#x', '- x', '[x]', '{x}', '*ref', '&a', '!tag', '|', '>', '%x', '@x', '`x', 'x:']);
test('strings with quotes, escapes and space', roundTrips, ['"', '\'', '\\', 'a\nb', ' lead', 'trail ', 'tab\t', 'é ü 日本', '\u0007']);
test('keys that need quoting', roundTrips, {'a: b': 1, 'true': 2, '1': 3, 'x-sidecar/x.y': 4, '': 5});
test('URLs and paths', roundTrips, ['http://127.0.0.1:8080/healthz?x=1', '/usr/bin/node', 'ghcr.io/acme/x:1.0']);

test('keeps key order and leaves out undefined members', t => {
	t.is(toYaml({b: 1, a: undefined, c: 'x'}), 'b: 1\nc: x\n');
});

test('writes block style, indenting sequences under their key', t => {
	t.is(toYaml({list: [{name: 'a', command: ['x', '-c']}]}), 'list:\n  - name: a\n    command:\n      - x\n      - "-c"\n');
});

test('leaves plain words plain', t => {
	t.is(quoteYaml('SIGTERM'), 'SIGTERM');
	t.is(quoteYaml('x-sidecar/proxy.restart'), 'x-sidecar/proxy.restart');
	t.is(quoteYaml('yes'), '"yes"');
});

test('refuses numbers YAML cannot hold', t => {
	t.throws(() => toYaml({x: Number.NaN}), {message: /Bug: YAML cannot hold/});
});
