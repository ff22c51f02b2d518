import {seeded} from './mutate.js';

export {footprint} from './host.js';

// `length` reproducible random bytes (any value, newlines and NULs included) for connection `index`.
export function seededBytes(index: number, length: number): Buffer {
	const random = seeded(index + 1);
	return Buffer.from(Array.from({length}, () => Math.floor(random() * 256)));
}
