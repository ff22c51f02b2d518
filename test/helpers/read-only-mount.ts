import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';

// A read-only filesystem (an empty tmpfs mounted ro) at a fresh directory, unmounted at teardown; needs root.
export function mountReadOnly(t: ExecutionContext): string {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-ro-'));
	execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', directory]);
	t.teardown(() => {
		execFileSync('umount', [directory]);
		rmdirSync(directory);
	});
	return directory;
}

// Tests that need a read-only mount skip where mounting is not allowed (not root, or no CAP_SYS_ADMIN).
export const canMountReadOnly = (() => {
	if (process.getuid?.() !== 0) {
		return false;
	}

	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-ro-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', directory], {stdio: 'ignore'});
		execFileSync('umount', [directory]);
		return true;
	} catch {
		return false;
	} finally {
		rmdirSync(directory);
	}
})();
