// The app: writes numbered lines to stdout and appends them to LOG_FILE, rotating that file itself,
// alternately by rename (logrotate's default) and by copy + truncate (logrotate's copytruncate).
import {appendFileSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, truncateSync} from 'node:fs';
import path from 'node:path';

const file = process.env.LOG_FILE ?? 'app.log';
const every = Number(process.env.LOG_INTERVAL_MS ?? 500);
const rotateEvery = Number(process.env.ROTATE_EVERY ?? 20);
const exitAfter = Number(process.env.EXIT_AFTER ?? 0); // 0: run until stopped.
mkdirSync(path.dirname(file), {recursive: true});

let count = 0;
let rotations = 0;
const rotate = () => {
	const rotated = `${file}.1`;
	rmSync(`${file}.2`, {force: true});
	if (existsSync(rotated)) {
		renameSync(rotated, `${file}.2`); // Two generations are kept, as logrotate's `rotate 2` would.
	}
	if (rotations++ % 2 === 0) {
		renameSync(file, rotated);
		console.log(`rotated ${file} by rename`);
	} else {
		copyFileSync(file, rotated);
		truncateSync(file);
		console.log(`rotated ${file} by copy and truncate`);
	}
};

const timer = setInterval(() => {
	count += 1;
	const line = `line ${count} order=${1000 + count} status=ok`;
	appendFileSync(file, `${line}\n`);
	console.log(line);
	if (count === exitAfter) {
		process.exit(0); // Right after its last line, as a batch job does: only a drain gets that line shipped.
	}

	if (count % rotateEvery === 0) {
		rotate();
	}
}, every);

console.log(`writing to ${file} every ${every}ms`);
process.on('SIGTERM', () => {
	clearInterval(timer);
	console.log(`wrote ${count} lines`);
});
