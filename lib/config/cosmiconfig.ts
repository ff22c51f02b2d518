import {createRequire} from 'node:module';

// cosmiconfig is CommonJS: loaded through require rather than import, since Node's ES-module loader first scans every
// CommonJS file for its export names (cjs-module-lexer), ~5 ms of each start (docs/benchmarks.md, start-up).
const require = createRequire(import.meta.url);
export const {cosmiconfig, defaultLoaders} = require('cosmiconfig') as typeof import('cosmiconfig');
