import {mkdtempSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';

// A temporary project folder from {relative path: contents}; objects become JSON. Removed after the test.
export function makeProject(t: ExecutionContext, files: Record<string, string | object> = {}): string {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	for (const [name, contents] of Object.entries(files)) {
		const file = path.join(directory, name);
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
	}

	return directory;
}
