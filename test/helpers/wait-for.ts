import type {Readable} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';
import {stripAnsi} from './cli.js';

// Resolves with the first match of `pattern` in the stream's text (all of it, colours stripped); rejects after `ms`.
export async function waitForLine(stream: Readable, pattern: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
	let text = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stream.off('data', onData);
			reject(new Error(`timed out after ${ms}ms waiting for ${pattern}; got:\n${text.slice(-2000)}`));
		}, ms);
		const onData = (chunk: Buffer) => {
			text += stripAnsi(chunk.toString());
			const match = pattern.exec(text);
			if (match) {
				clearTimeout(timer);
				stream.off('data', onData);
				resolve(match);
			}
		};

		stream.on('data', onData);
	});
}

// Polls `predicate` every 20 ms until it returns a truthy value; rejects after `ms`.
export async function waitFor<T>(predicate: () => T | Promise<T>, ms = 30_000, what = 'condition'): Promise<NonNullable<T>> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await predicate();
		if (value) {
			return value as NonNullable<T>;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${ms}ms waiting for ${what}`);
		}

		await sleep(20);
	}
}
