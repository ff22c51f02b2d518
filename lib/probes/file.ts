import {existsSync} from 'node:fs';

// Passes once the file exists (a pid file, a socket, a "ready" marker).
export const checkFile = (path: string): boolean => existsSync(path);
