// Dev only: the JSON Schema of sidecar configs, generated from lib/config/sidecar-config.ts (its doc comments become the
// descriptions editors show, its `@minimum`-style tags the bounds). `npm run build` writes it to schema.json, which the
// package exports as sidecar/schema.json. It runs after tsc: the rules below come from the resolver's own code in dist/.
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createGenerator} from 'ts-json-schema-generator';
import {NAME_PATTERN} from '../dist/lib/config/fields.js';
import {REFERENCE} from '../dist/lib/config/interpolate.js';
import {UNFORWARDABLE} from '../dist/lib/config/resolve.js';
import {GATE_KEYS} from '../dist/lib/config/resolve-task.js';
import {DURATION_PATTERN, SIZE_PATTERN} from '../dist/lib/config/units.js';

const root = new URL('..', import.meta.url);

// The schema as an object; test/config/schema.ts runs it and `sidecar check` over one corpus of configs.
export function generateSchema() {
	const config = {path: fileURLToPath(new URL('lib/config/sidecar-config.ts', root)), type: 'SidecarConfig', skipTypeCheck: true, additionalProperties: false};
	const schema = {...createGenerator(config).createSchema(config.type), title: 'sidecar config (sidecar.config.json, sidecar.config.yaml)'};
	addResolverRules(schema.definitions);
	return schema;
}

// What the resolver checks and a type's doc tags cannot say: grammars shared with its code, and rules over several keys.
// Those no schema can say (dependsOn naming a sidecar, cycles, files) are listed in docs/config.md.
function addResolverRules(definitions) {
	const {SidecarConfig: config, SidecarSpec: sidecar, MainSpec: main, Command: command, SignalTarget: target} = definitions;
	definitions.Duration.pattern = DURATION_PATTERN;
	definitions.Size.pattern = SIZE_PATTERN;
	config.properties.name.pattern = NAME_PATTERN.source;
	// fields.ts readCommand: a string with something in it, or an array whose first item (the program) is not ''.
	command.anyOf = [
		{type: 'string', pattern: String.raw`\S`},
		{type: 'array', items: [{type: 'string', minLength: 1}], additionalItems: {type: 'string'}, minItems: 1},
	];
	// JSON and YAML configs are interpolated before they are checked (lib/config/interpolate.ts): a string holding a
	// `${NAME}` reference is judged by sidecar once it is replaced, so the schema lets it through.
	for (const node of nodesWithPattern(definitions)) {
		node.pattern = `${node.pattern}|${REFERENCE.source}`;
	}

	// Keys are not interpolated: these patterns come after. Sidecar names are unit-wide names, 'main' is reserved.
	config.properties.sidecars.propertyNames = {type: 'string', pattern: NAME_PATTERN.source, not: {const: 'main'}};
	// resolve.ts: a signal that stops the unit, or cannot be caught, is never forwarded; a list names a process.
	config.properties.signals.propertyNames = {type: 'string', not: {enum: UNFORWARDABLE}};
	target.anyOf.find(branch => branch.type === 'array').minItems = 1;
	// `sidecar check` and `sidecar run` (without `-- COMMAND`) need main's command.
	config.required = ['main'];
	main.required = ['command'];
	// resolve-task.ts: what a sidecar may have depends on what it is.
	const has = (...keys) => ({type: 'object', properties: Object.fromEntries(keys.map(key => [key, true])), required: keys});
	sidecar.allOf = [
		// No command: an external gate, which has a readiness probe (one it can run: not log) and only GATE_KEYS.
		{
			if: has('command'),
			else: {...has('readiness'), propertyNames: {enum: GATE_KEYS}, properties: {readiness: {not: has('log')}}},
		},
		// A task (run: 'once') has no probes and does not restart 'always'; timeout and start: 'shutdown' are a task's.
		{
			if: {required: ['run'], properties: {run: {const: 'once'}}},
			then: {not: {anyOf: [has('readiness'), has('liveness')]}, properties: {restart: {enum: ['on-failure', 'never']}}},
			else: {not: has('timeout'), properties: {start: {enum: ['before', 'after']}}},
		},
		// resolve-probe.ts: a failing sidecar is always restarted ('report' and 'exit' are main's).
		{type: 'object', properties: {liveness: {type: 'object', properties: {action: {const: 'restart'}}}}},
	];
}

// Every schema node with a `pattern`, once each (a definition is shared through $ref, never copied).
function nodesWithPattern(node, found = new Set()) {
	if (Array.isArray(node)) {
		for (const item of node) {
			nodesWithPattern(item, found);
		}
	} else if (typeof node === 'object' && node !== null) {
		if (typeof node.pattern === 'string') {
			found.add(node);
		}

		for (const value of Object.values(node)) {
			nodesWithPattern(value, found);
		}
	}

	return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	writeFileSync(new URL('schema.json', root), `${JSON.stringify(generateSchema(), null, '\t')}\n`);
}
