import {existsSync} from 'node:fs';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes once the file exists (a pid file, a socket, a "ready" marker).
export const checkFile = (path: string): ProbeResult => (existsSync(path) ? PASSED : failed('no such file'));
