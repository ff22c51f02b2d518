import type {ResolvedConfig, ResolvedGroup, ResolvedHttp, ResolvedProcess} from './types.js';

// What `sidecar check` prints for a process's environment: each key with where it comes from (an env file's path,
// 'env' or '--env') and its value masked, since env files hold secrets (docs/config.md, Environment).
export type MaskedEnv = Record<string, {from: string; value: '****'}>;

type MaskedProcess = Omit<ResolvedProcess, 'env' | 'fileEnv' | 'envSources'> & {env: MaskedEnv};

type MaskedGroup = Omit<ResolvedGroup, 'template'>;

type MaskedHttp = (Omit<ResolvedHttp, 'token'> & {token: '****' | null}) | null;

// A group's template is the entry as written, env values included: its instances show what it resolves to.
// The http token is a secret too: `check` shows that one is set, never what it is.
export function maskEnv(config: ResolvedConfig): Omit<ResolvedConfig, 'main' | 'sidecars' | 'groups' | 'http'> & {main: MaskedProcess; sidecars: MaskedProcess[]; groups: MaskedGroup[]; http: MaskedHttp} {
	const mask = ({env: _env, fileEnv: _fileEnv, envSources, ...spec}: ResolvedProcess): MaskedProcess => ({
		...spec,
		env: Object.fromEntries(Object.entries(envSources).map(([key, from]) => [key, {from, value: '****'}])),
	});
	const groups = config.groups.map(({template: _template, ...group}) => group);
	const http = config.http === null ? null : {...config.http, token: config.http.token === null ? null : '****' as const};
	return {...config, main: mask(config.main), sidecars: config.sidecars.map(spec => mask(spec)), groups, http};
}
