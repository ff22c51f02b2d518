// Follows one log file line by line across rename rotation and truncation, resumable from a saved position;
// each line gets a stable id (inode.generation:offset), so a re-read after a crash is recognised downstream.
import {closeSync, fstatSync, openSync, readSync, statSync} from 'node:fs';
const statOrNull = file => {
	try {
		return statSync(file);
	} catch {
		return null;
	}
};

const readRange = (fd, offset, length) => {
	const buffer = Buffer.alloc(length);
	return buffer.subarray(0, readSync(fd, buffer, 0, length, offset));
};

// The first line identifies a file's contents: after copytruncate the inode stays and the head changes.
const headOf = fd => {
	const bytes = readRange(fd, 0, 256);
	const end = bytes.indexOf(10);
	return end === -1 ? '' : bytes.subarray(0, end).toString('utf8');
};

export class Follower {
	constructor(file, saved = {}) {
		this.file = file;
		this.position = {inode: null, offset: 0, generation: 0, head: '', ...saved};
		this.fd = null;
		this.notes = [];
	}

	// New complete lines since the last call: [{id, line}].
	read() {
		const lines = [];
		if (this.fd === null && !this.open(lines)) {
			return lines;
		}

		this.finish(this.fd, lines); // After a rename our descriptor still reads the old file to its end.
		const current = statOrNull(this.file);
		if (current !== null && current.ino !== this.position.inode) {
			this.note(`followed rename rotation of ${this.file}`);
			closeSync(this.fd);
			this.fd = null;
			this.position = {inode: null, offset: 0, generation: this.position.generation + 1, head: ''};
			if (this.open(lines)) {
				this.drain(this.fd, lines);
			}
		}

		return lines;
	}

	// Opens the file; if it was rotated while we were away, first finishes the old one (now FILE.1 or .2).
	open(lines) {
		try {
			this.fd = openSync(this.file, 'r');
		} catch {
			return false;
		}

		const {ino} = fstatSync(this.fd);
		if (this.position.inode !== null && this.position.inode !== ino) {
			// Finish our old file, then read every newer rotated file whole (.2 is older than .1).
			const rotated = this.rotated();
			const index = rotated.findIndex(file => statOrNull(file)?.ino === this.position.inode);
			for (const file of index === -1 ? [] : rotated.slice(0, index + 1).reverse()) {
				const fd = openSync(file, 'r');
				if (file !== rotated[index]) {
					this.position = {inode: fstatSync(fd).ino, offset: 0, generation: this.position.generation + 1, head: ''};
				}

				this.finish(fd, lines);
				closeSync(fd);
			}

			this.note(`${this.file} was rotated while we were away${index === -1 ? ' and its old file is gone' : ''}`);
			this.position = {inode: ino, offset: 0, generation: this.position.generation + 1, head: ''};
		}

		this.position.inode = ino;
		return true;
	}

	// Reads `fd` (the file we follow) to its end; if it was truncated, first the lines we missed.
	// Checked before reading: a truncated file may have grown past our offset again.
	finish(fd, lines) {
		const {offset, head} = this.position;
		if (fstatSync(fd).size < offset || (head !== '' && headOf(fd) !== head)) {
			this.catchUpFromCopy(lines);
			this.note(`followed truncation of ${this.file}`);
			this.position = {...this.position, offset: 0, generation: this.position.generation + 1, head: ''};
		}

		this.drain(fd, lines);
	}

	rotated() {
		return [`${this.file}.1`, `${this.file}.2`];
	}

	// copytruncate copies the file, then truncates it: the lines we had not read yet are in the copy,
	// the rotated file that starts with the same first line.
	catchUpFromCopy(lines) {
		for (const file of this.rotated()) {
			const stat = statOrNull(file);
			if (stat === null || stat.ino === this.position.inode) {
				continue;
			}

			const fd = openSync(file, 'r');
			const same = headOf(fd) === this.position.head;
			if (same) {
				this.drain(fd, lines);
			}

			closeSync(fd);
			if (same) {
				return;
			}
		}

		this.note(`${this.file} was truncated and its copy is gone: unread lines are lost`);
	}

	drain(fd, lines) {
		for (;;) {
			const bytes = readRange(fd, this.position.offset, 64 * 1024);
			const end = bytes.lastIndexOf(10);
			if (end === -1) {
				return;
			}

			let start = 0;
			for (const text of bytes.subarray(0, end).toString('utf8').split('\n')) {
				lines.push({id: `${this.position.inode}.${this.position.generation}:${this.position.offset + start}`, line: text});
				start += Buffer.byteLength(text) + 1;
			}

			this.position.offset += end + 1;
			if (this.position.head === '') {
				this.position.head = headOf(fd);
			}
		}
	}

	note(message) {
		this.notes.push(message);
	}
}
