import {maskEnv} from '../../config/mask-env.js';
import {notStartedWhy, startsWithUnit} from '../../config/profiles.js';
import type {ResolvedConfig} from '../../config/types.js';
import {EXIT} from '../../errors.js';
import {findStartFailure} from '../../process/start-check.js';
import {resolveIdentity} from '../../process/users.js';
import {parseCommand, parseEnvPairs} from '../args.js';
import {readConfig} from '../config-input.js';
import {criticalNotes} from '../critical-notes.js';
import {replicaLines} from '../replica-lines.js';
import {scheduleLines} from '../schedule-lines.js';
import {watchLines} from '../watch-lines.js';
import {printError, printOut} from '../print.js';

// `sidecar check [--env KEY=VALUE] [--profile NAME]`: print the resolved config as JSON; an invalid one throws ConfigError (exit 78).
export async function check(args: string[]): Promise<number> {
	const {values} = parseCommand('check', args);
	const env = parseEnvPairs('check', (values.env ?? []) as string[]); // As `run --env` sets it.
	const config = await readConfig(values.config as string | undefined, process.cwd(), {env, profiles: (values.profile ?? []) as string[]});
	for (const warning of startWarnings(config)) {
		printError(`warning: ${warning}`);
	}

	for (const note of [...criticalNotes(config), ...notStartedNotes(config), ...replicaLines(config), ...scheduleLines(config, Date.now()), ...watchLines(config)]) {
		printError(`note: ${note}`);
	}

	await printOut(JSON.stringify(maskEnv(config), null, 2)); // Env values never leave the supervisor: keys and sources only.
	return EXIT.ok;
}

// A command that could not start here and now (not on PATH, a cwd not made yet) is a warning, not an error:
// it may be installed, or made, before the unit runs. The same check `sidecar run` makes before each spawn.
function startWarnings(config: ResolvedConfig): string[] {
	const warnings = [config.main, ...config.sidecars].filter(spec => spec.run !== 'gate').flatMap(spec => {
		const at = spec === config.main ? 'main' : `sidecars.${spec.replica?.group ?? spec.name}`;
		let runner = null;
		try {
			runner = resolveIdentity(spec);
		} catch {} // An unknown user is `sidecar run`'s error to report; judge the command as this user.

		const [file = ''] = spec.command;
		const failure = findStartFailure(file, spec.cwd, spec.env.PATH ?? spec.fileEnv.PATH ?? process.env.PATH, runner);
		return failure === null ? [] : [`${at}.${failure.field}: ${failure.reason}`];
	});
	return [...new Set(warnings)]; // Instances alike warn once, under their group.
}

// Entries declared but not started by `sidecar run` (with the same --profile): said, so nobody wonders why they do not
// run; a replicated sidecar once, by its group's name.
const notStartedNotes = (config: ResolvedConfig): string[] => [...new Set(config.sidecars.filter(spec => !startsWithUnit(spec, config.profiles))
	.map(spec => {
		const name = spec.replica?.group ?? spec.name;
		return `sidecars.${name} is not started with the unit: it ${notStartedWhy(spec, config.profiles)} (start it with \`sidecar start ${name}\`)`;
	}))];
