import {fileURLToPath} from 'node:url';

// Fixtures stay as .js in test/fixtures; tests run from dist/test.
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

// `fixture('forever.js', 'a')` → ['node', '/abs/test/fixtures/forever.js', 'a']: a command array for configs.
export const fixture = (name: string, ...args: string[]): string[] => [process.execPath, `${FIXTURES}${name}`, ...args];
