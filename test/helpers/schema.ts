import {Ajv, type ValidateFunction} from 'ajv';

export type Schema = {
	$schema?: string; $ref?: string; type?: string | string[]; description?: string; pattern?: string; enum?: string[];
	properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; anyOf?: Schema[]; items?: Schema;
	definitions?: Record<string, Schema>;
};

// tools/schema.js is what `npm run build` runs to write schema.json; generated here so a test never reads a stale file.
const tools = new URL('../../../tools/schema.js', import.meta.url).href;
export const schema = await (await import(tools) as {generateSchema: () => Schema}).generateSchema();

// Ajv's default class is draft-07, the draft schema.json declares. Strict mode, with two allowances: `number | string`
// is a union type (the generator's output for Duration, Size, ports, ids), and strictTuples only logs, because it
// flags every open tuple and Command's is one on purpose (a first item, the program, that is not '', then any).
export function compileSchema(): {validate: ValidateFunction; strictMessages: string[]} {
	const strictMessages: string[] = [];
	const logger = {log: () => {}, warn: (message: string) => strictMessages.push(message), error: (message: string) => strictMessages.push(message)};
	const ajv = new Ajv({strict: true, allowUnionTypes: true, strictTuples: 'log', allErrors: true, logger});
	return {validate: ajv.compile(schema), strictMessages};
}
