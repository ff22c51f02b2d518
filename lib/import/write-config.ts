import {Document, isMap, isScalar, visit} from 'yaml';
import {REFERENCE} from '../config/interpolate.js';
import {REPLICA_VARIABLES} from '../config/replicas.js';

// The config formats `sidecar import --format` writes.
export type ConfigFormat = 'ts' | 'yaml' | 'json';

// The text of an imported config in one of sidecar's config formats: each comment of `comments` above the key it is
// keyed by (TypeScript and YAML; JSON has none, the report carries them). `source`: named in the first line.
export function renderConfig(config: Record<string, unknown>, comments: Record<string, string>, format: ConfigFormat, source: string): string {
	const header = `Imported from ${source} by \`sidecar import\`; its report lists what became of each key.`;
	if (format === 'json') {
		return `${JSON.stringify(escapeReferences(config), null, '\t')}\n`;
	}

	if (format === 'yaml') {
		return renderYaml(escapeReferences(config) as Record<string, unknown>, comments, header);
	}

	return `import {defineConfig} from 'sidecar';\n\n// ${header}\nexport default defineConfig(${renderTs(config, comments, '', 0)});\n`;
}

// JSON and YAML configs replace `${NAME}` from the environment when loaded (lib/config/interpolate.ts): what the
// source meant literally (a shell's `${RAILS_ENV}` in a command) is written `$${NAME}`, so the shell still sees it.
function escapeReferences(value: unknown): unknown {
	if (typeof value === 'string') {
		return value.replaceAll(REFERENCE, (whole, escaped: string, name: string) => (escaped === '' && !REPLICA_VARIABLES.includes(name) ? `$${whole}` : whole));
	}

	if (Array.isArray(value)) {
		return value.map(item => escapeReferences(item));
	}

	return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeReferences(item)])) : value;
}

function renderYaml(config: Record<string, unknown>, comments: Record<string, string>, header: string): string {
	const document = new Document(config);
	document.commentBefore = ` ${header}`;
	visit(document, {
		Seq(_, node) {
			node.flow = node.items.every(item => isScalar(item)) && node.items.length <= 8; // [node, server.js] on one line
		},
	});
	for (const [at, text] of Object.entries(comments)) {
		const keys = at.split('.');
		const parent = keys.length === 1 ? document.contents : document.getIn(keys.slice(0, -1), true);
		const pair = isMap(parent) ? parent.items.find(item => isScalar(item.key) && item.key.value === keys.at(-1)) : undefined;
		if (pair !== undefined && isScalar(pair.key)) {
			pair.key.commentBefore = text.split('\n').map(line => ` ${line}`).join('\n');
		}
	}

	return document.toString({lineWidth: 0, flowCollectionPadding: false});
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const quote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t')}'`;

// A value as TypeScript source, tabs for indentation, a trailing comma on every line (the formatter's style).
function renderTs(value: unknown, comments: Record<string, string>, at: string, depth: number): string {
	if (typeof value === 'string') {
		return quote(value);
	}

	if (Array.isArray(value)) {
		const items = value.map(item => renderTs(item, comments, at, depth + 1));
		return items.every(item => !item.includes('\n')) && items.join(', ').length <= 100 ? `[${items.join(', ')}]` : `[\n${items.map(item => `${'\t'.repeat(depth + 1)}${item},\n`).join('')}${'\t'.repeat(depth)}]`;
	}

	if (typeof value === 'object' && value !== null) {
		const indent = '\t'.repeat(depth + 1);
		const lines = Object.entries(value).map(([key, item]) => {
			const path = at === '' ? key : `${at}.${key}`;
			const comment = comments[path]?.split('\n').map(line => `${indent}// ${line}\n`).join('') ?? '';
			return `${comment}${indent}${IDENTIFIER.test(key) ? key : quote(key)}: ${renderTs(item, comments, path, depth + 1)},\n`;
		});
		return lines.length === 0 ? '{}' : `{\n${lines.join('')}${'\t'.repeat(depth)}}`;
	}

	return JSON.stringify(value) ?? 'undefined';
}
