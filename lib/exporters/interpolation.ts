import type {YamlValue} from './yaml.js';

// `$$` is a literal `$` to compose and to Kubernetes alike.
const doubleDollars = (text: string): string => text.replaceAll('$', () => '$$');

// Compose interpolates `$VAR` and `${VAR…}` in every value of the file, extensions included, and reads `$$` as `$`
// (docs.docker.com/reference/compose-file/interpolation): with every `$` doubled, each string reaches the container as
// configured. Mapping keys are not interpolated, so they are left alone.
export const escapeCompose = (value: YamlValue): YamlValue => {
	if (typeof value === 'string') {
		return doubleDollars(value);
	}

	if (Array.isArray(value)) {
		return value.map(item => escapeCompose(item));
	}

	return typeof value === 'object' && value !== null
		? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === undefined ? undefined : escapeCompose(item)]))
		: value;
};

// Kubernetes expands `$(VAR)` in a container's command, args and env values and reads `$$` as `$` (kubernetes.io,
// "Define Dependent Environment Variables"); probes and hooks are not expanded, so only those fields get this. Every
// `$` is doubled, not only `$(`: a configured `$$(X)` would otherwise reach the process as `$(X)`.
export const escapeKubernetes = doubleDollars;
