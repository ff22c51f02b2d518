import {createRequire} from 'node:module';

// cosmiconfig's YAML loader (js-yaml), for YAML configs only: required on first use, since requiring cosmiconfig
// costs ~10 ms (search-config.ts does the search itself). Through require rather than import: Node's ES-module
// loader first scans every CommonJS file for its export names (cjs-module-lexer).
export function yamlLoader(): (filepath: string, content: string) => unknown {
	return (createRequire(import.meta.url)('cosmiconfig') as typeof import('cosmiconfig')).defaultLoaders['.yaml'];
}
