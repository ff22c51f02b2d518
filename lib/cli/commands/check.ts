import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {readConfig} from '../config-input.js';
import {printOut} from '../print.js';

// `sidecar check`: print the resolved config as JSON; an invalid one throws ConfigError (exit 78).
export async function check(args: string[]): Promise<number> {
	const {values} = parseCommand('check', args);
	const config = await readConfig(values.config as string | undefined, process.cwd());
	printOut(JSON.stringify(config, null, 2));
	return EXIT.ok;
}
