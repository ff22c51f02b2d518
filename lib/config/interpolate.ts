import {ConfigError, type Issue} from '../errors.js';
import {isObject} from './fields.js';
import {REPLICA_VARIABLES} from './replicas.js';

// `${NAME}`, `${NAME:-default}` (default when unset or empty, as in sh and compose), and `$${NAME…}` for a literal
// `${NAME…}`. Anything else in braces (`${++n}` in a `node -e` template literal, `${#x}` for a shell) is left as it is.
// schema.json accepts one in any string it checks with a pattern (tools/schema.js uses this source).
export const REFERENCE = /\$(\$?)\{([A-Za-z_]\w*)(:-[^}]*)?\}/g;

// Replaces variable references in every string of a JSON or YAML config from `env` (TypeScript and JavaScript
// configs read process.env themselves). An unset variable with no default, or a malformed reference, is a config
// error naming the path; the value found is never part of a message.
export function interpolateConfig(input: unknown, env: NodeJS.ProcessEnv): unknown {
	const issues: Issue[] = [];
	const walk = (value: unknown, at: string): unknown => {
		if (typeof value === 'string') {
			return interpolateString(value, at, env, issues);
		}

		if (Array.isArray(value)) {
			return value.map((item, index) => walk(item, `${at}[${index}]`));
		}

		return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, at === '' ? key : `${at}.${key}`)])) : value;
	};

	const result = walk(input, '');
	if (issues.length > 0) {
		throw new ConfigError(issues);
	}

	return result;
}

function interpolateString(text: string, at: string, env: NodeJS.ProcessEnv, issues: Issue[]): string {
	return text.replaceAll(REFERENCE, (whole, escaped: string, name: string, fallback: string | undefined) => {
		if (REPLICA_VARIABLES.includes(name)) {
			// An instance's own value, replaced per instance, and `$${…}` unescaped there too (config/replicas.ts): here
			// the escape would be gone before replicas.ts could tell a literal from a reference.
			return whole;
		}

		if (escaped === '$') {
			return whole.slice(1);
		}

		const value = env[name];
		if (fallback !== undefined) {
			return value === undefined || value === '' ? fallback.slice(2) : value;
		}

		if (value === undefined) {
			issues.push({path: at || '(config)', given: text, expected: `${name} to be set in the environment, or a default: \${${name}:-value}`});
			return whole;
		}

		return value;
	});
}
