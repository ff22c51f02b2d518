import {resolveConfig} from '../../lib/config/resolve.js';
import {ConfigError} from '../../lib/errors.js';

// The lines a config's ConfigError gives (`sidecars.web.stopTimeout: got …, expected …`), or none when it resolves.
export function configProblems(input: unknown, directory = '/srv/shop'): string[] {
	try {
		resolveConfig(input, directory);
	} catch (error) {
		if (error instanceof ConfigError) {
			return error.message.split('\n');
		}

		throw error;
	}

	return [];
}
