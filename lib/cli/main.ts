import {readFileSync} from 'node:fs';
import {EXIT, SidecarError} from '../errors.js';
import {printError, printOut} from './print.js';
import {USAGE} from './usage.js';

type Command = (args: string[]) => Promise<number>;

// Commands load lazily: `sidecar run` must not pay for the code of `export`.
const commands = new Map<string, () => Promise<Command>>([
	['run', async () => (await import('./commands/run.js')).run],
	['check', async () => (await import('./commands/check.js')).check],
	['init', async () => (await import('./commands/init.js')).init],
	['export', async () => (await import('./commands/export.js')).exportUnit],
	['status', async () => (await import('./commands/status.js')).status],
	['restart', async () => (await import('./commands/restart.js')).restart],
	['signal', async () => (await import('./commands/signal.js')).signal],
	['stop', async () => (await import('./commands/stop.js')).stop],
	['reload', async () => (await import('./commands/reload.js')).reload],
	['logs', async () => (await import('./commands/logs.js')).logs],
	['top', async () => (await import('./commands/top.js')).top],
	['help', async () => async () => {
		printOut(USAGE);
		return EXIT.ok;
	}],
	['version', async () => async () => {
		printOut(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
		return EXIT.ok;
	}],
]);

// Picks the command, runs it and turns a SidecarError into its one-line message and exit code.
export async function main(argv: string[]): Promise<number> {
	const [name = 'help', ...rest] = argv;
	const load = commands.get(name === '--help' || name === '-h' ? 'help' : name === '--version' ? 'version' : name);
	if (load === undefined) {
		printError(`unknown command "${name}" (see \`sidecar help\`)`);
		return EXIT.usage;
	}

	try {
		return await (await load())(rest);
	} catch (error) {
		if (!(error instanceof SidecarError)) {
			throw error; // A bug: let Node print the stack.
		}

		printError(error.message);
		return error.exitCode;
	}
}
