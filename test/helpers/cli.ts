import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {execa, type Options, type ResultPromise} from 'execa';

export const BIN = fileURLToPath(new URL('../../cli/sidecar.js', import.meta.url));

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string): string => text.replaceAll(/\u001B\[[\d;]*m/g, '');

const environment = {NO_COLOR: '1', FORCE_COLOR: '0', XDG_RUNTIME_DIR: ''};

// A Node warning (`(node:123) MaxListenersExceededWarning: …`) or an uncaught stack must never reach a user (issue 11).
const NODE_NOISE = /^\(node:\d+\) \w*Warning|^\s+at .+:\d+:\d+\)?$/m;

// Throws when the CLI printed a Node warning or a stack trace: every test that runs the CLI checks it.
export function assertNoNodeNoise(stderr: string): void {
	const noise = NODE_NOISE.exec(stderr);
	if (noise !== null) {
		throw new Error(`the CLI printed Node's own output to stderr: ${JSON.stringify(noise[0])}\n${stderr.slice(-2000)}`);
	}
}

// Runs the built CLI to completion: {exitCode, stdout, stderr} with colours stripped.
export async function runCli(args: string[], options: Options = {}): Promise<{exitCode: number; stdout: string; stderr: string}> {
	const result = await execa(process.execPath, [BIN, ...args], {reject: false, timeout: 60_000, ...options, env: {...environment, ...options.env}});
	const stderr = stripAnsi(String(result.stderr));
	assertNoNodeNoise(stderr);
	return {exitCode: result.exitCode ?? -1, stdout: stripAnsi(String(result.stdout)), stderr};
}

// Starts the CLI in the background (a supervisor under test); killed with SIGKILL at teardown if still running.
export function startCli(t: ExecutionContext, args: string[], options: Options = {}): ResultPromise<{reject: false}> {
	const subprocess = execa(process.execPath, [BIN, ...args], {reject: false, buffer: true, ...options, env: {...environment, ...options.env}}) as unknown as ResultPromise<{reject: false}>;
	let stderr = '';
	subprocess.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	t.teardown(() => {
		subprocess.kill('SIGKILL');
		assertNoNodeNoise(stripAnsi(stderr));
	});
	return subprocess;
}
