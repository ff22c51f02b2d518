// What toYaml can write: plain data, as JSON has it (plus `undefined` members, left out).
export type YamlValue = string | number | boolean | null | YamlValue[] | {[key: string]: YamlValue | undefined};

// Words YAML 1.1 readers (still common: PyYAML, older Go parsers) take for booleans or null.
const reserved = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
// Plain scalars we can prove safe: start with a letter, `_` or `/`, then no spaces, quotes, `#`, flow indicators.
const plain = /^[A-Za-z_/][\w./@+=:-]*$/;

// Block-style YAML for the exporters: mapping keys keep insertion order, `undefined` members are left out,
// and any string that is not provably plain is written as a JSON string (a valid double-quoted YAML scalar).
export const toYaml = (value: YamlValue): string => `${lines(value).join('\n')}\n`;

// A string as a YAML scalar: plain when it cannot be mistaken for a number, boolean, null or syntax.
export const quoteYaml = (text: string): string =>
	plain.test(text) && !text.endsWith(':') && !reserved.test(text) ? text : JSON.stringify(text);

const lines = (value: YamlValue): string[] => {
	if (Array.isArray(value)) {
		return value.length === 0 ? ['[]'] : value.flatMap(item => indent(lines(item), '- ', '  '));
	}

	if (isMapping(value)) {
		const entries = Object.entries(value).filter((entry): entry is [string, YamlValue] => entry[1] !== undefined);
		return entries.length === 0 ? ['{}'] : entries.flatMap(([key, item]) => member(quoteYaml(key), item));
	}

	return [scalar(value)];
};

const member = (key: string, value: YamlValue): string[] =>
	isBlock(value) ? [`${key}:`, ...indent(lines(value), '  ', '  ')] : [`${key}: ${lines(value)[0]}`];

const indent = (block: string[], first: string, rest: string): string[] =>
	block.map((line, index) => (index === 0 ? first : rest) + line);

const isMapping = (value: YamlValue): value is {[key: string]: YamlValue | undefined} =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isBlock = (value: YamlValue): boolean =>
	Array.isArray(value) ? value.length > 0 : isMapping(value) && Object.values(value).some(item => item !== undefined);

const scalar = (value: string | number | boolean | null): string => {
	if (typeof value === 'string') {
		return quoteYaml(value);
	}

	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw new TypeError(`Bug: YAML cannot hold the number ${value}`);
	}

	return String(value);
};
