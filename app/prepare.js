// The example unit's task (run: 'once', before everything else): makes the data directories the app, the shipper and
// the collector write into, as a migration or a permissions fix would run before a real app starts.
import {mkdirSync} from 'node:fs';
import path from 'node:path';

const data = process.env.DATA_DIR ?? 'data';
for (const directory of ['logs', 'spool', 'collector']) {
	mkdirSync(path.join(data, directory), {recursive: true});
}

console.log(`prepared ${data}`);
