import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {requestOnce} from '../../lib/control/client.js';
import {findSocket} from '../../lib/control/socket-path.js';
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

// One line of `--log-format json`: a child's line or a supervisor event.
export type Entry = {time: string; name: string; event?: string; line?: string; [detail: string]: unknown};

export type StartOptions = {
	// Files of the project besides sidecar.config.json.
	files?: Record<string, string | object>;
	// `--log-format json`, read back through entries(), events(), lines() and until().
	json?: boolean;
	// Resolve once main has a pid (the default); false resolves at once, for a start-up that may fail.
	waitForMain?: boolean;
	// A private XDG_RUNTIME_DIR for its socket (the default); false keeps the default place, for tests that run
	// `sidecar` in the same folder without the unit's `env`.
	ownRuntimeDir?: boolean;
	// More arguments of `sidecar run` (`--profile dev`).
	args?: string[];
};

// What the supervisor tests read: JSON lines, from the moment it starts, its socket in the default place.
export const logged: StartOptions = {json: true, waitForMain: false, ownRuntimeDir: false};

// `sidecar run` on a temporary project with `config` (a JSON config file). Without a `name`, the unit is named after its
// folder, so parallel tests never share a control socket. `output()` is everything the supervisor printed so far.
export async function startUnit(t: ExecutionContext, config: Record<string, unknown>, options: StartOptions = {}) {
	const {files = {}, json = false, waitForMain = true, ownRuntimeDir = true, args = []} = options;
	const cwd = makeProject(t, {'sidecar.config.json': config, ...files});
	const unit = typeof config.name === 'string' ? config.name : path.basename(cwd);
	const env: Record<string, string> = ownRuntimeDir ? {XDG_RUNTIME_DIR: runtimeDir(t)} : {};
	const socket = findSocket(unit, {...process.env, ...env}).socket;
	const supervisor = startCli(t, ['run', ...(json ? ['--log-format', 'json'] : []), ...args], {cwd, env});
	let output = '';
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		output += json ? chunk.toString() : stripAnsi(chunk.toString());
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
	// Whole lines only: the last one may still be arriving.
	const entries = (): Entry[] => output.slice(0, output.lastIndexOf('\n') + 1).split('\n')
		.filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Entry);
	const events = (name: string, event: string): Entry[] => entries().filter(entry => entry.name === name && entry.event === event);
	const lines = (name: string): string[] => entries().filter(entry => entry.name === name && entry.line !== undefined).map(entry => entry.line!);
	// Waits until `name` has logged `event` at least `count` times; returns those events.
	const until = async (name: string, event: string, count = 1, ms = 30_000): Promise<Entry[]> =>
		waitFor(() => (events(name, event).length >= count ? events(name, event) : undefined), ms, `${count} × ${name} ${event}`)
			.catch((error: Error) => {
				throw new Error(`${error.message}; the unit printed:\n${output.slice(-3000)}`);
			});
	// SIGTERM to the supervisor, as an operator's stop; resolves with its result.
	const stop = async () => {
		supervisor.kill('SIGTERM');
		return supervisor;
	};

	if (waitForMain) {
		await waitFor(async () => {
			const snapshot = await status().catch(() => undefined);
			return snapshot?.processes.find(process => process.name === 'main')?.pid;
		}, 20_000, `unit ${unit} to start main`);
	}

	return {
		cwd, env, socket, unit, supervisor, status, pids, entries, events, lines, until, stop,
		output: () => output,
		cli: async (args: string[]) => runCli(args, {cwd, env}),
	};
}

// Milliseconds since the epoch of an entry.
export const at = (entry: Entry): number => Date.parse(entry.time);

// Waits until every process of the unit is ready (or running with no probe, past its first second).
export async function waitAllReady(unit: RunningUnit, names?: string[]): Promise<UnitSnapshot> {
	return waitFor(async () => {
		const snapshot = await unit.status();
		const watched = snapshot.processes.filter(process => names === undefined || names.includes(process.name));
		return watched.length > 0 && watched.every(process => process.ready) ? snapshot : undefined;
	}, 20_000, 'every process to be ready');
}
