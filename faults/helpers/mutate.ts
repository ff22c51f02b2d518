// Seeded mutations of a valid config: wrong values, wrong keys, wrong shapes, and corrupted file text.
export type Random = () => number;

// mulberry32: small, seeded, reproducible (a failing case is replayed with FAULTS_SEED).
export const seeded = (seed: number): Random => () => {
	seed = (seed + 0x6D_2B_79_F5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const deep = (depth: number): unknown => depth === 0 ? 'x' : {a: deep(depth - 1)};

// Values no key expects all of: wrong types, empty, huge, negative, malformed units, prototype names.
const ODD_VALUES: readonly unknown[] = [
	null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', 'abc', '10x', '-5s', '1e3ms', '5 s', '0ms', '1.5.2s', '999999999999GiB',
	'256MiB', '-1MiB', 'NaN', 'Infinity', [], [[]], [1, 'a'], {}, {'': ''}, 'x'.repeat(10_000), '__proto__', 'constructor',
	'toString', 'é∂ƒ😀', '\u0000', 'SIGFOO', 'SIGKILL', 'sh -c', ['node'], [''], [null], {http: 5}, {tcp: 'x'}, {tcp: 70_000},
	{log: '('}, {exec: []}, {file: ''}, {http: 'ftp://x'}, deep(200), 'main', 'all', 'none', 'sidecars', ['nope'],
];

const ODD_KEYS: readonly string[] = ['', '__proto__', 'constructor', 'prototype', 'toString', 'nope', 'Main', 'sidecar', ' main', 'main ', '0'];

type Path = Array<string | number>;

// Every path in the object (objects and arrays), so any key or element can be the target.
function paths(value: unknown, prefix: Path = []): Path[] {
	if (typeof value !== 'object' || value === null) {
		return [prefix];
	}

	return [prefix, ...Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, Array.isArray(value) ? Number(key) : key]))];
}

const parentOf = (root: Record<string, unknown>, path: Path) => path.slice(0, -1).reduce<any>((node, key) => node[key], root);

// One structural mutation of a deep copy of `config`: set an odd value, delete, rename, add a key, or swap shapes.
export function mutateValue(config: object, random: Random): {config: unknown; change: string} {
	const copy = structuredClone(config) as Record<string, unknown>;
	const path = pick(random, paths(copy).filter(path => path.length > 0));
	const parent = parentOf(copy, path);
	const key = path.at(-1)!;
	const kind = pick(random, ['value', 'value', 'value', 'delete', 'rename', 'add', 'root'] as const);
	switch (kind) {
		case 'value': {
			const value = pick(random, ODD_VALUES);
			parent[key] = value;
			return {config: copy, change: `${path.join('.')} = ${JSON.stringify(value)?.slice(0, 60)}`};
		}

		case 'delete': {
			delete parent[key];
			return {config: copy, change: `delete ${path.join('.')}`};
		}

		case 'rename': {
			const name = pick(random, ODD_KEYS);
			Object.defineProperty(parent, name, {value: parent[key], enumerable: true, configurable: true, writable: true});
			delete parent[key];
			return {config: copy, change: `rename ${path.join('.')} → ${JSON.stringify(name)}`};
		}

		case 'add': {
			const value = pick(random, ODD_VALUES);
			const name = pick(random, ODD_KEYS);
			if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) {
				Object.defineProperty(parent[key], name, {value, enumerable: true, configurable: true, writable: true});
			}

			return {config: copy, change: `add ${[...path, name].join('.')} = ${JSON.stringify(value)?.slice(0, 60)}`};
		}

		case 'root': {
			const value = pick(random, ODD_VALUES);
			return {config: value, change: `whole config = ${JSON.stringify(value)?.slice(0, 60)}`};
		}
	}
}

// One corruption of a config file's text: cut short, a byte changed, a character inserted, a line doubled or dropped.
export function mutateText(text: string, random: Random): {text: string; change: string} {
	const at = Math.floor(random() * text.length);
	const kind = pick(random, ['truncate', 'flip', 'insert', 'double', 'drop'] as const);
	const lines = text.split('\n');
	const line = Math.floor(random() * lines.length);
	switch (kind) {
		case 'truncate': return {text: text.slice(0, at), change: `cut at ${at}`};
		case 'flip': return {text: text.slice(0, at) + String.fromCodePoint(Math.floor(random() * 128)) + text.slice(at + 1), change: `byte ${at} changed`};
		case 'insert': return {text: text.slice(0, at) + pick(random, ['{', '}', '"', '\'', ':', ',', '\n', '\t', '`', '\\', '-', '#', '[', ']']) + text.slice(at), change: `char inserted at ${at}`};
		case 'double': return {text: [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n'), change: `line ${line} doubled`};
		case 'drop': return {text: [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n'), change: `line ${line} dropped`};
	}
}
