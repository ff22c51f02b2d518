import {defaultLoaders} from 'cosmiconfig';
import {atPosition} from './load-error.js';

// JSON with the parser's reason and where it stopped: `Expected ',' or '}' after property value (line 3, column 5)`.
// JSON.parse gives only an offset (Node 20); cosmiconfig's parse-json repeats the file and a code frame.
export function loadJson(_filepath: string, content: string): unknown {
	const text = content.replace(/^\uFEFF/, ''); // An editor's byte-order mark is not a JSON error.
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		const message = (error as Error).message;
		const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
		const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
		throw new Error(`${reason}${atOffset(text, offset)}`);
	}
}

// YAML (js-yaml, cosmiconfig's own) with its reason and position on one line, without the code frame.
export function loadYaml(filepath: string, content: string): unknown {
	try {
		return defaultLoaders['.yaml'](filepath, content);
	} catch (error) {
		const {reason, mark} = error as {reason?: string; mark?: {line: number; column: number}};
		throw reason === undefined || mark === undefined ? error : new Error(`${reason}${atPosition(mark.line + 1, mark.column + 1)}`);
	}
}

const atOffset = (text: string, offset: number): string => {
	const before = text.slice(0, offset);
	const lineStart = before.lastIndexOf('\n') + 1;
	return atPosition(before.split('\n').length, offset - lineStart + 1);
};
