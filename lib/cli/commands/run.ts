import {socketPath} from '../../control/socket-path.js';
import {Logger} from '../../logs/logger.js';
import {openStdout, OutputSink} from '../../logs/sink.js';
import {spawnChild} from '../../process/spawn.js';
import {linkHost} from '../../supervisor/host-links.js';
import {Supervisor} from '../../supervisor/supervisor.js';
import {parseCommand} from '../args.js';
import {readConfig} from '../config-input.js';

// Never let SIGUSR1 open Node's inspector, not even while the config loads (signal listeners do not keep Node alive).
const ignore = () => {};

// `sidecar run`: load the config (`-- CMD` replaces main.command), run the unit, return its exit code.
export async function run(args: string[]): Promise<number> {
	process.on('SIGUSR1', ignore);
	const {values, command} = parseCommand('run', args);
	const cwd = process.cwd();
	const overrides = {command, name: values.name as string | undefined, logFormat: values['log-format'] as string | undefined};
	const config = await readConfig(values.config as string | undefined, cwd, overrides);
	const names = ['main', ...config.sidecars.map(({name}) => name)];
	const logger = new Logger(new OutputSink(openStdout()), {...config.logs, names});
	const host = await linkHost(config, logger, socketPath(config.name));
	const supervisor = new Supervisor(config, {
		signals: process,
		spawn: host.wrapSpawn(spawnChild),
		onShutdown: host.onShutdown,
		logger,
		env: process.env,
		pid: process.pid,
		socketPath: socketPath(config.name),
		now: Date.now,
		// `sidecar reload` reads the same file with the same overrides.
		reloadConfig: async () => readConfig(values.config as string | undefined, cwd, overrides),
	});
	host.watch(supervisor);
	try {
		return await supervisor.run();
	} finally {
		await host.close();
	}
}
