import {yamlLoader} from './cosmiconfig.js';
import {atPosition} from './load-error.js';

// JSON with the parser's reason and where it stopped: `Expected ',' or '}' after property value (line 3, column 5)`.
// JSON.parse gives only an offset (Node 20); cosmiconfig's parse-json repeats the file and a code frame.
export function loadJson(_filepath: string, content: string): unknown {
	const text = content.replace(/^\uFEFF/, ''); // An editor's byte-order mark is not a JSON error.
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		const message = (error as Error).message;
		const offset = errorOffset(message, text);
		const reason = message.replace(/( in JSON)? at position \d+.*$/, '').replace(/^(Unexpected token .*?), [\s\S]* is not valid JSON$/, '$1')
			.replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
		throw new Error(`${reason}${offset === undefined ? '' : atOffset(text, offset)}`);
	}
}

// YAML (js-yaml, cosmiconfig's own) with its reason and position on one line, without the code frame.
export function loadYaml(filepath: string, content: string): unknown {
	try {
		return yamlLoader()(filepath, content);
	} catch (error) {
		const {reason, mark} = error as {reason?: string; mark?: {line: number; column: number}};
		throw reason === undefined || mark === undefined ? error : new Error(`${reason}${atPosition(mark.line + 1, mark.column + 1)}`);
	}
}

// V8 (Node 20 and 22) names an offset (`in JSON at position 24`) for most errors; for an unexpected token it quotes
// the text around it instead, 10 characters either side and all of a text of 21 or fewer (json-parser.cc,
// ReportUnexpectedToken): the offset follows from where the quote sits.
function errorOffset(message: string, text: string): number | undefined {
	if (/^Unexpected end of JSON input$/.test(message)) {
		return text.length;
	}

	const position = /at position (\d+)/.exec(message);
	if (position !== null) {
		return Number(position[1]);
	}

	const quoted = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
	if (quoted === null) {
		return undefined;
	}

	const [, token = '', before, context = '', after] = quoted;
	if (before === undefined && after === undefined) {
		return text.indexOf(token) === text.lastIndexOf(token) ? text.indexOf(token) : undefined;
	}

	const start = before === undefined ? 0 : after === undefined ? text.length - context.length : text.indexOf(context);
	return start === -1 ? undefined : start + (before === undefined ? context.length - 10 : 10);
}

const atOffset = (text: string, offset: number): string => {
	const before = text.slice(0, offset);
	const lineStart = before.lastIndexOf('\n') + 1;
	return atPosition(before.split('\n').length, offset - lineStart + 1);
};
