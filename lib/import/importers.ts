import {importCompose} from './compose.js';
import {importPm2} from './pm2.js';
import {importProcessCompose} from './process-compose.js';
import {importProcfile} from './procfile.js';
import type {Importer, ImportFormat} from './types.js';

// One importer per format (docs/import.md); the CLI picks one by --from or by detectFormat.
export const IMPORTERS: ReadonlyMap<ImportFormat, Importer> = new Map<ImportFormat, Importer>([
	['procfile', importProcfile],
	['pm2', importPm2],
	['compose', importCompose],
	['process-compose', importProcessCompose],
]);
