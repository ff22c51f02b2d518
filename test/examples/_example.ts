import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {runCli, startCli} from '../helpers/cli.js';

// The repository's examples/ folder (tests run from dist/test/examples).
export const exampleDir = (name: string): string => fileURLToPath(new URL(`../../../examples/${name}/`, import.meta.url));

// A port nobody listens on right now, so parallel test files never collide.
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

// A temporary state directory, removed after the test.
export function tempDir(t: ExecutionContext): string {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-example-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	return directory;
}

// `sidecar run` in the example's folder under a unit name of its own; SIGKILLed at teardown if still up.
export function startExample(t: ExecutionContext, example: string, env: Record<string, string> = {}, unit = `${example}-test-${process.pid}`) {
	const subprocess = startCli(t, ['run', '--name', unit], {cwd: exampleDir(example), env});
	return {subprocess, unit};
}

export type Snapshot = {supervisorPid: number; processes: Array<{name: string; pid: number | null; state: string; restarts: number; limits: {enforcement: string}}>};

// `sidecar status --json` for the unit.
export async function unitStatus(unit: string): Promise<Snapshot> {
	const {stdout, exitCode, stderr} = await runCli(['status', '--json', '--name', unit]);
	if (exitCode !== 0) {
		throw new Error(`sidecar status failed (${exitCode}): ${stderr}`);
	}

	return JSON.parse(stdout) as Snapshot;
}

// The pid of one process of the unit.
export async function pidOf(unit: string, name: string): Promise<number> {
	const found = (await unitStatus(unit)).processes.find(entry => entry.name === name);
	if (!found?.pid) {
		throw new Error(`no running process "${name}" in unit ${unit}`);
	}

	return found.pid;
}

// One HTTP request: status, headers and body text; a refused connection is status 0.
export async function request(url: string, init: RequestInit = {}): Promise<{status: number; headers: Headers; body: string}> {
	try {
		const response = await fetch(url, {...init, signal: AbortSignal.timeout(5000)});
		return {status: response.status, headers: response.headers, body: await response.text()};
	} catch {
		return {status: 0, headers: new Headers(), body: ''};
	}
}
