// The log shipper sidecar: tails the app's log file, enriches every line, buffers it on disk and ships
// batches to the collector; while the collector is down it keeps buffering and catches up afterwards.
// Delivery is at least once, and each entry carries a stable id so the collector keeps it exactly once.
import {mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Follower} from './follow.js';
import {Spool} from './spool.js';

const file = process.env.LOG_FILE ?? 'app.log';
const directory = process.env.SPOOL_DIR ?? path.join(path.dirname(file), 'spool');
const collector = process.env.COLLECTOR_URL ?? 'http://127.0.0.1:18110/ingest';
const every = Number(process.env.SHIP_INTERVAL_MS ?? 200);
const fields = {
	host: os.hostname(),
	environment: process.env.APP_ENV ?? 'development',
	version: process.env.APP_VERSION ?? '0.0.0',
	source: path.basename(file),
};

mkdirSync(directory, {recursive: true});
const spool = new Spool(directory);
const follower = new Follower(file, spool.position);
let failures = 0;
let outage = 0;
let retryAt = 0;

const collect = () => {
	const lines = follower.read();
	for (const note of follower.notes.splice(0)) {
		console.log(note);
	}

	if (lines.length > 0) {
		const time = new Date().toISOString();
		spool.append(lines.map(({id, line}) => ({id, time, ...fields, line})));
	}

	spool.save(follower.position); // After the append: a crash in between re-reads lines, never skips them.
};

const ship = async () => {
	while (spool.pending() > 0 && Date.now() >= retryAt) {
		const {entries, bytes} = spool.peek(200);
		try {
			const response = await fetch(collector, {method: 'POST', body: JSON.stringify(entries), signal: AbortSignal.timeout(2000)});
			if (!response.ok) {
				throw new Error(`HTTP ${response.status}`);
			}
		} catch (error) {
			failures += 1;
			outage += 1;
			retryAt = Date.now() + Math.min(250 * 2 ** (failures - 1), 4000);
			console.log(`collector unreachable (${error.cause?.code ?? error.message}): ${spool.pending()} bytes buffered on disk, retry ${failures}`);
			return;
		}

		spool.ack(bytes);
		spool.save(follower.position);
		failures = 0;
		if (outage > 0 && spool.pending() === 0) {
			console.log(`collector back after ${outage} failed attempts: caught up`);
			outage = 0;
		}
	}
};

let running = true;
const loop = async () => {
	while (running) {
		collect();
		await ship();
		await new Promise(resolve => {
			setTimeout(resolve, every);
		});
	}

	// Stopping, as Fluent Bit does on SIGTERM: input stops at once and what was read is flushed. Lines the app wrote
	// since the last read stay behind: the supervisor's drain (sidecar.config.ts) waits for them before SIGTERM.
	retryAt = 0;
	await ship();
	console.log(`shipper stopped with ${spool.pending()} bytes left in the buffer`);
};

console.log(`shipper ready: ${file} -> ${collector} (buffer ${directory})`);
loop();
process.on('SIGTERM', () => {
	running = false;
});
