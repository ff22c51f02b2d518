// The shipper's drain check (sidecar.config.ts): exits 0 once the shipper has read the app's log to its end and the
// collector has acknowledged everything in the disk buffer; 1 while lines are still on their way.
import {existsSync, readFileSync, statSync} from 'node:fs';

const [file, directory] = process.argv.slice(2); // The app's log and the shipper's disk buffer.
const state = existsSync(`${directory}/state.json`) ? JSON.parse(readFileSync(`${directory}/state.json`, 'utf8')) : {};
const log = existsSync(file) ? statSync(file) : null;
const buffered = (existsSync(`${directory}/spool.jsonl`) ? statSync(`${directory}/spool.jsonl`).size : 0) - (state.acked ?? 0);
const readToEnd = log === null || (state.position?.inode === log.ino && state.position?.offset === log.size);
process.exitCode = readToEnd && buffered === 0 ? 0 : 1;
