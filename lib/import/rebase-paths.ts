import path from 'node:path';

// Importers write paths relative to the source file's directory (where foreman, pm2 and compose read them from);
// a config written elsewhere reads them relative to its own directory. This moves cwd, envFile and watch.paths over:
// each process without a cwd gets the source's directory, so its commands run where they ran before.
export function rebasePaths(config: Record<string, unknown>, sourceDirectory: string, configDirectory: string): Record<string, unknown> {
	const offset = path.relative(configDirectory, sourceDirectory);
	if (offset === '') {
		return config;
	}

	const move = (file: string): string => (path.isAbsolute(file) ? file : path.join(offset, file));
	const moveEnvFile = (file: unknown): unknown => (typeof file === 'string' ? (file.startsWith('-') ? `-${move(file.slice(1))}` : move(file)) : file);
	const moveProcess = (spec: unknown): unknown => {
		if (typeof spec !== 'object' || spec === null) {
			return spec;
		}

		const {command, cwd, envFile, watch, ...rest} = spec as Record<string, unknown>;
		const watchSpec = watch as {paths?: unknown} | undefined;
		return {
			...(command === undefined ? {} : {command}),
			cwd: typeof cwd === 'string' ? move(cwd) : offset,
			...rest,
			...(envFile === undefined ? {} : {envFile: Array.isArray(envFile) ? envFile.map(file => moveEnvFile(file)) : moveEnvFile(envFile)}),
			...(watchSpec === undefined ? {} : {watch: {...watchSpec, ...(Array.isArray(watchSpec.paths) ? {paths: watchSpec.paths.map(file => move(String(file)))} : {})}}),
		};
	};

	const sidecars = config.sidecars as Record<string, unknown> | undefined;
	return {
		...config,
		...(config.envFile === undefined ? {} : {envFile: Array.isArray(config.envFile) ? config.envFile.map(file => moveEnvFile(file)) : moveEnvFile(config.envFile)}),
		...(config.main === undefined ? {} : {main: moveProcess(config.main)}),
		...(sidecars === undefined ? {} : {sidecars: Object.fromEntries(Object.entries(sidecars).map(([name, spec]) => [name, moveProcess(spec)]))}),
	};
}
