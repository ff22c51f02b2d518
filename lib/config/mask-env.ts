import type {ResolvedConfig, ResolvedProcess} from './types.js';

// What `sidecar check` prints for a process's environment: each key with where it comes from (an env file's path,
// 'env' or '--env') and its value masked, since env files hold secrets (docs/config.md, Environment).
export type MaskedEnv = Record<string, {from: string; value: '****'}>;

type MaskedProcess = Omit<ResolvedProcess, 'env' | 'fileEnv' | 'envSources'> & {env: MaskedEnv};

export function maskEnv(config: ResolvedConfig): Omit<ResolvedConfig, 'main' | 'sidecars'> & {main: MaskedProcess; sidecars: MaskedProcess[]} {
	const mask = ({env: _env, fileEnv: _fileEnv, envSources, ...spec}: ResolvedProcess): MaskedProcess => ({
		...spec,
		env: Object.fromEntries(Object.entries(envSources).map(([key, from]) => [key, {from, value: '****'}])),
	});
	return {...config, main: mask(config.main), sidecars: config.sidecars.map(spec => mask(spec))};
}
