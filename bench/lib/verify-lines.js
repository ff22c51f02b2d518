// Reads a log file and checks the numbered payload lines `#000000042:xxx…` (88 x, pretty or JSON): each whole, each exactly once.
import {createReadStream} from 'node:fs';

const PAYLOAD = /#(\d{9}):x{88}(?:"\})?$/; // A JSON line ends in `"}`.

export async function verifyLines(file, expected) {
	const seen = new Uint8Array(expected);
	let torn = 0;
	let duplicated = 0;
	let rest = '';
	const check = line => {
		if (!line.includes('#')) {
			return; // A supervisor's own line.
		}

		const match = PAYLOAD.exec(line);
		const index = match === null ? -1 : Number(match[1]);
		if (index < 0 || index >= expected || line.indexOf('#') !== line.lastIndexOf('#')) {
			torn++;
		} else if (seen[index]++ > 0) {
			duplicated++;
		}
	};

	for await (const chunk of createReadStream(file, {encoding: 'latin1', highWaterMark: 1 << 20})) {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop();
		lines.forEach(check);
	}

	if (rest !== '') {
		check(rest);
	}

	return {torn, missing: seen.reduce((sum, count) => sum + (count === 0 ? 1 : 0), 0), duplicated};
}
