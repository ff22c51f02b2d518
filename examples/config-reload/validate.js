// The app's config schema: one line per problem, in the supervisor's own `path: got X, expected Y` form.
const rules = {
	greeting: [value => typeof value === 'string' && value.length > 0 && value.length <= 200, 'a non-empty string of at most 200 characters'],
	maxItems: [value => Number.isInteger(value) && value >= 1 && value <= 1000, 'an integer from 1 to 1000'],
};

// The problems in `text` (empty when it is a valid config).
export function validate(text) {
	let config;
	try {
		config = JSON.parse(text);
	} catch (error) {
		return [`not JSON: ${error.message}`];
	}

	if (typeof config !== 'object' || config === null || Array.isArray(config)) {
		return ['expected an object'];
	}

	const problems = Object.entries(rules)
		.filter(([key, [valid]]) => !valid(config[key]))
		.map(([key, [, expected]]) => `${key}: got ${JSON.stringify(config[key])}, expected ${expected}`);
	const unknown = Object.keys(config).filter(key => !(key in rules));
	return [...problems, ...unknown.map(key => `${key}: unknown key, expected one of ${Object.keys(rules).join(', ')}`)];
}
