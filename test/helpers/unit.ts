import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {requestOnce} from '../../lib/control/client.js';
import type {UnitSnapshot} from '../../lib/supervisor/snapshot.js';
import {runCli, startCli, stripAnsi} from './cli.js';
import {makeProject} from './project.js';
import {waitFor} from './wait-for.js';

let count = 0;

// A unit name no other test file uses, even when ava runs files in parallel.
export const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++count}`;

// A private XDG_RUNTIME_DIR, so each test has its own socket directory.
export function runtimeDir(t: ExecutionContext): string {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-run-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	return directory;
}

export type RunningUnit = Awaited<ReturnType<typeof startUnit>>;

// `sidecar run` on a temporary project with `config` (a JSON config file), waited on until main has started.
// `output()` is everything the supervisor printed so far.
export async function startUnit(t: ExecutionContext, config: Record<string, unknown> & {name: string}, files: Record<string, string | object> = {}) {
	const cwd = makeProject(t, {'sidecar.config.json': config, ...files});
	const env = {XDG_RUNTIME_DIR: runtimeDir(t)};
	const socket = path.join(env.XDG_RUNTIME_DIR, 'sidecar', `${config.name}.sock`);
	const supervisor = startCli(t, ['run'], {cwd, env});
	let output = '';
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		output += stripAnsi(chunk.toString());
	});
	const status = async (): Promise<UnitSnapshot> => {
		const reply = await requestOnce(socket, {type: 'status'});
		if (!reply.ok || reply.type !== 'status') {
			throw new Error(`status failed: ${JSON.stringify(reply)}`);
		}

		return reply.status;
	};

	const pids = async (): Promise<Record<string, number | null>> =>
		Object.fromEntries((await status()).processes.map(process => [process.name, process.pid]));
	await waitFor(async () => {
		const unit = await status().catch(() => undefined);
		return unit?.processes.find(process => process.name === 'main')?.pid;
	}, 20_000, `unit ${config.name} to start main`);
	return {cwd, env, socket, supervisor, status, pids, output: () => output, cli: async (args: string[]) => runCli(args, {cwd, env})};
}

// Waits until every process of the unit is ready (or running with no probe, past its first second).
export async function waitAllReady(unit: RunningUnit, names?: string[]): Promise<UnitSnapshot> {
	return waitFor(async () => {
		const snapshot = await unit.status();
		const watched = snapshot.processes.filter(process => names === undefined || names.includes(process.name));
		return watched.length > 0 && watched.every(process => process.ready) ? snapshot : undefined;
	}, 20_000, 'every process to be ready');
}
