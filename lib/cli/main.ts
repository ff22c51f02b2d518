import {readFileSync} from 'node:fs';
import {EXIT, SidecarError, UsageError} from '../errors.js';
import {packageFile} from '../package-root.js';
import {printError, printOut} from './print.js';

type Command = (args: string[]) => Promise<number>;

// Commands load lazily: `sidecar run` must not pay for the code of `export`, help or completion.
const commands = new Map<string, () => Promise<Command>>([
	['run', async () => (await import('./commands/run.js')).run],
	['check', async () => (await import('./commands/check.js')).check],
	['init', async () => (await import('./commands/init.js')).init],
	['export', async () => (await import('./commands/export.js')).exportUnit],
	['import', async () => (await import('./commands/import.js')).importConfig],
	['status', async () => (await import('./commands/status.js')).status],
	['restart', async () => (await import('./commands/restart.js')).restart],
	['scale', async () => (await import('./commands/scale.js')).scale],
	['signal', async () => (await import('./commands/signal.js')).signal],
	['stop', async () => (await import('./commands/stop.js')).stop],
	['start', async () => (await import('./commands/start.js')).start],
	['reload', async () => (await import('./commands/reload.js')).reload],
	['run-now', async () => (await import('./commands/run-now.js')).runNow],
	['pause', async () => (await import('./commands/pause.js')).pause],
	['resume', async () => (await import('./commands/pause.js')).resume],
	['logs', async () => (await import('./commands/logs.js')).logs],
	['top', async () => (await import('./commands/top.js')).top],
	['wait', async () => (await import('./commands/wait.js')).wait],
	['completion', async () => (await import('./commands/completion.js')).completion],
	// What the completion scripts call: the candidates for the word being typed (commands/completion.ts).
	['__complete', async () => (await import('./commands/complete.js')).complete],
	['help', async () => help],
	['version', async () => version],
]);

const VERSION_FLAGS = new Set(['--version', '-V', '-v']);
const HELP_FLAGS = new Set(['--help', '-h']);

// Picks the command, runs it and turns a SidecarError into its one-line message and exit code.
export async function main(argv: string[]): Promise<number> {
	const [first = 'help', ...rest] = argv;
	const name = HELP_FLAGS.has(first) ? 'help' : VERSION_FLAGS.has(first) ? 'version' : first;
	try {
		checkWorkingDirectory();
		const load = commands.get(name);
		if (load === undefined) {
			throw await unknownCommand(name);
		}

		// `sidecar run --help`: anything before `--` asks for help; the command itself never loads.
		const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
		return own.some(arg => HELP_FLAGS.has(arg)) && name !== '__complete' ? await help([name]) : await (await load())(rest);
	} catch (error) {
		if (!(error instanceof SidecarError)) {
			throw error; // A bug: let Node print the stack.
		}

		printError(error.message);
		return error.exitCode;
	}
}

// Every command reads the working directory; one that was deleted under the shell makes process.cwd() throw (ENOENT).
function checkWorkingDirectory(): void {
	try {
		process.cwd();
	} catch (error) {
		throw new SidecarError('unable to run sidecar: the working directory no longer exists (cd to one that does)', EXIT.failure, {cause: error});
	}
}

async function unknownCommand(name: string): Promise<UsageError> {
	const {didYouMean} = await import('../did-you-mean.js');
	const {COMMANDS} = await import('./specs.js');
	const suggestion = didYouMean(name, COMMANDS.map(command => command.name));
	return new UsageError(`unknown command "${name}"${suggestion} (see \`sidecar help\`)`);
}

// `sidecar help [COMMAND]`.
async function help(args: string[]): Promise<number> {
	const [{findCommand}, {renderCommandHelp, renderHelp}] = await Promise.all([import('./specs.js'), import('./usage.js')]);
	const [name] = args;
	if (name === undefined) {
		await printOut(renderHelp());
		return EXIT.ok;
	}

	const command = findCommand(name);
	if (command === undefined) {
		throw await unknownCommand(name);
	}

	await printOut(renderCommandHelp(command));
	return EXIT.ok;
}

async function version(): Promise<number> {
	await printOut(JSON.parse(readFileSync(packageFile('package.json'), 'utf8')).version);
	return EXIT.ok;
}
