// Dev only: the JSON Schema of sidecar configs, generated from lib/config/types.ts (its doc comments become the
// descriptions editors show). `npm run build` writes it to schema.json, which the package exports as sidecar/schema.json.
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createGenerator} from 'ts-json-schema-generator';

const root = new URL('..', import.meta.url);

// The schema as an object; test/config/schema.ts checks it against the resolver.
export function generateSchema() {
	const config = {path: fileURLToPath(new URL('lib/config/types.ts', root)), type: 'SidecarConfig', skipTypeCheck: true, additionalProperties: false};
	return {...createGenerator(config).createSchema(config.type), title: 'sidecar config (sidecar.config.json, sidecar.config.yaml)'};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	writeFileSync(new URL('schema.json', root), `${JSON.stringify(generateSchema(), null, '\t')}\n`);
}
