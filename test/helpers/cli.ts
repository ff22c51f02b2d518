import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {execa, type Options, type ResultPromise} from 'execa';

export const BIN = fileURLToPath(new URL('../../bin/sidecar.js', import.meta.url));

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string): string => text.replaceAll(/\u001B\[[\d;]*m/g, '');

const environment = {NO_COLOR: '1', FORCE_COLOR: '0', XDG_RUNTIME_DIR: ''};

// Runs the built CLI to completion: {exitCode, stdout, stderr} with colours stripped.
export async function runCli(args: string[], options: Options = {}): Promise<{exitCode: number; stdout: string; stderr: string}> {
	const result = await execa(process.execPath, [BIN, ...args], {reject: false, timeout: 60_000, ...options, env: {...environment, ...options.env}});
	return {exitCode: result.exitCode ?? -1, stdout: stripAnsi(String(result.stdout)), stderr: stripAnsi(String(result.stderr))};
}

// Starts the CLI in the background (a supervisor under test); killed with SIGKILL at teardown if still running.
export function startCli(t: ExecutionContext, args: string[], options: Options = {}): ResultPromise<{reject: false}> {
	const subprocess = execa(process.execPath, [BIN, ...args], {reject: false, buffer: true, ...options, env: {...environment, ...options.env}}) as unknown as ResultPromise<{reject: false}>;
	t.teardown(() => {
		subprocess.kill('SIGKILL');
	});
	return subprocess;
}
