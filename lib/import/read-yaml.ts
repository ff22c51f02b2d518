import {LineCounter, parseDocument, isNode, type Document} from 'yaml';
import {ImportError} from './types.js';

// A parsed YAML source: its plain value, and where a key path sits (for errors that point at the source).
export type YamlSource = {
	value: unknown;
	positionOf: (path: ReadonlyArray<string | number>) => {line: number; column: number};
};

// Parses YAML as compose and process-compose do (anchors, aliases and `<<:` merges resolved); a syntax error or an
// alias bomb becomes an ImportError at its line and column. A repeated key keeps its last value, as Go's yaml.v2 does
// (espresso-network's process-compose.yaml repeats one inside an anchors block).
export function readYaml(text: string): YamlSource {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {merge: true, lineCounter, prettyErrors: false, uniqueKeys: false});
	const [error] = document.errors;
	if (error !== undefined) {
		const {line, col} = lineCounter.linePos(error.pos[0]);
		throw new ImportError(`unable to parse YAML: ${firstLine(error.message)}`, line, col);
	}

	const positionOf = (path: ReadonlyArray<string | number>) => nodePosition(document, lineCounter, path);
	try {
		return {value: document.toJS({maxAliasCount: 1000}), positionOf};
	} catch (error_) {
		// toJS refuses too many aliases and bad merges (a `<<:` of a scalar); it names no position.
		throw new ImportError(`unable to read YAML: ${firstLine((error_ as Error).message)}`, 1, 1);
	}
}

const firstLine = (message: string): string => message.split('\n')[0]!.trim();

function nodePosition(document: Document, lineCounter: LineCounter, path: ReadonlyArray<string | number>): {line: number; column: number} {
	for (let length = path.length; length >= 0; length--) {
		const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
		if (isNode(node) && node.range !== undefined && node.range !== null) {
			const {line, col} = lineCounter.linePos(node.range[0]);
			return {line, column: col};
		}
	}

	return {line: 1, column: 1};
}
