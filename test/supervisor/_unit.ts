import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';

// One line of `--log-format json`: a child's line or a supervisor event.
export type Entry = {time: string; name: string; event?: string; line?: string; [detail: string]: unknown};

// `sidecar run --log-format json` in a fresh project with `config` as sidecar.config.json. The unit is
// named after its folder, so parallel tests never share a control socket.
export function startUnit(t: ExecutionContext, config: Record<string, unknown>) {
	const cwd = makeProject(t, {'sidecar.config.json': config});
	const cli = startCli(t, ['run', '--log-format', 'json'], {cwd});
	let text = '';
	cli.stdout!.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	// Whole lines only: the last one may still be arriving.
	const entries = (): Entry[] => text.slice(0, text.lastIndexOf('\n') + 1).split('\n')
		.filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Entry);
	const events = (name: string, event: string): Entry[] => entries().filter(entry => entry.name === name && entry.event === event);
	const lines = (name: string): string[] => entries().filter(entry => entry.name === name && entry.line !== undefined).map(entry => entry.line!);
	// Waits until `name` has logged `event` at least `count` times; returns those events.
	const until = async (name: string, event: string, count = 1, ms = 30_000): Promise<Entry[]> =>
		waitFor(() => (events(name, event).length >= count ? events(name, event) : undefined), ms, `${count} × ${name} ${event}`)
			.catch((error: Error) => {
				throw new Error(`${error.message}; the unit printed:\n${text.slice(-3000)}`);
			});
	// SIGTERM to the supervisor, as an operator's stop; resolves with its result.
	const stop = async () => {
		cli.kill('SIGTERM');
		return cli;
	};

	return {cli, cwd, unit: path.basename(cwd), entries, events, lines, until, stop};
}

// Milliseconds since the epoch of an entry.
export const at = (entry: Entry): number => Date.parse(entry.time);

// A sidecar that crashes at once, forever, started after main; its budget never runs out unless `extra` says so.
export const crasher = (extra: Record<string, unknown> = {}) =>
	({command: fixture('exit.js', '1'), start: 'after', backoff: {initial: 1, max: 5}, maxRestarts: {count: 1000}, ...extra});
