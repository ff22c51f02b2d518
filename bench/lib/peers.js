// How each supervisor runs the same unit: sidecar (a generated sidecar.config.json), pm2-runtime (an ecosystem
// file), concurrently (its prefixed output) and supervisord (a generated conf). `launch` returns the supervisor.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const FIXTURES = path.join(ROOT, 'bench/fixtures');
const PEERS = path.join(ROOT, 'bench/peers/node_modules');
const SIDECAR = path.join(ROOT, 'dist/cli/sidecar.js');
let launches = 0;

// A unit: {dir, main: {name, command, limits, logs, watch: {paths, delay}}, sidecars: [{name, command, after, limits, replicas}], restart, killOthers, out (fd), shutdown (sidecar's order), logs (sidecar's unit logs: format)}.
// `watch` restarts main on a change under its paths (sidecar `watch` under `run --watch`, pm2 `watch`; the others have none).
// `replicas: N` runs N copies of a sidecar with each peer's own setting (sidecar `replicas`, pm2 `instances`, supervisord `numprocs`).
const spawnIn = (unit, file, args, env = {}) => spawn(file, args, {
	cwd: unit.dir, stdio: ['ignore', unit.out ?? 'ignore', 'ignore'], env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env},
});

const npmVersion = name => JSON.parse(readFileSync(path.join(PEERS, name, 'package.json'), 'utf8')).version;

const sidecarAt = (bin, name) => ({
	name,
	version: () => `${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}${bin === SIDECAR ? '' : ` at ${bin}`}`,
	available: () => existsSync(bin),
	launch(unit) {
		const process = spec => ({
			command: spec.command,
			...(spec.after ? {start: 'after'} : {}),
			...(spec.limits ? {limits: spec.limits} : {}),
			...(spec.replicas ? {replicas: spec.replicas} : {}),
			backoff: {initial: 0}, maxRestarts: {count: 1_000_000, window: '60s'},
		});
		const config = {
			name: `bench-${globalThis.process.pid}-${++launches}`,
			main: {command: unit.main.command, ...(unit.main.limits ? {limits: unit.main.limits} : {}), ...(unit.main.logs ? {logs: unit.main.logs} : {}), ...(unit.main.watch ? {watch: {paths: unit.main.watch.paths, debounce: unit.main.watch.delay}} : {})},
			sidecars: Object.fromEntries(unit.sidecars.map(spec => [spec.name, process(spec)])),
			...(unit.shutdown ? {shutdown: unit.shutdown} : {}),
			...(unit.http ? {http: unit.http} : {}),
			...(unit.logs ? {logs: unit.logs} : {}),
		};
		writeFileSync(path.join(unit.dir, 'sidecar.config.json'), JSON.stringify(config));
		return spawnIn(unit, globalThis.process.execPath, [bin, 'run', ...(unit.main.watch ? ['--watch'] : []), '--config', 'sidecar.config.json']);
	},
});

const sidecar = sidecarAt(SIDECAR, 'sidecar');
// BENCH_COMPARE=/path/to/other/dist/cli/sidecar.js: a second build (a patch under test) in the same alternating runs.
const compare = process.env.BENCH_COMPARE ? [sidecarAt(process.env.BENCH_COMPARE, 'sidecar (BENCH_COMPARE)')] : [];

const pm2 = {
	name: 'pm2-runtime',
	version: () => npmVersion('pm2'),
	available: () => existsSync(path.join(PEERS, 'pm2/bin/pm2-runtime')),
	launch(unit) {
		const app = (spec, isMain) => ({
			name: spec.name, script: spec.command[0], args: spec.command.slice(1), interpreter: 'none',
			autorestart: isMain ? !unit.killOthers : true, restart_delay: 0, max_restarts: 1_000_000, min_uptime: 0,
			...(spec.replicas ? {instances: spec.replicas, exec_mode: 'fork'} : {}),
			...(spec.watch ? {watch: spec.watch.paths, watch_delay: spec.watch.delay} : {}),
		});
		writeFileSync(path.join(unit.dir, 'ecosystem.json'), JSON.stringify({apps: [app(unit.main, true), ...unit.sidecars.map(spec => app(spec, false))]}));
		return spawnIn(unit, process.execPath, [path.join(PEERS, 'pm2/bin/pm2-runtime'), 'ecosystem.json'], {PM2_HOME: path.join(unit.dir, '.pm2')});
	},
};

const concurrently = {
	name: 'concurrently',
	version: () => npmVersion('concurrently'),
	available: () => existsSync(path.join(PEERS, 'concurrently/package.json')),
	launch(unit) {
		if (unit.sidecars.some(spec => spec.replicas)) {
			throw new Error('unable to launch concurrently: it has no replicas setting');
		}

		const all = [unit.main, ...unit.sidecars];
		const flags = [
			...(unit.restart ? ['--restart-tries', '1000000', '--restart-after', '0'] : []),
			...(unit.killOthers ? ['--kill-others', '--success', 'first'] : []),
		];
		return spawnIn(unit, process.execPath, [path.join(PEERS, 'concurrently/dist/bin/concurrently.js'),
			'-n', all.map(spec => spec.name).join(','), ...flags, ...all.map(spec => spec.command.join(' '))]);
	},
};

const supervisord = {
	name: 'supervisord',
	version: () => execFileSync('supervisord', ['--version'], {encoding: 'utf8'}).trim(),
	available() {
		try {
			execFileSync('supervisord', ['--version'], {stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	},
	launch(unit) {
		// Child output goes to files (that is how supervisord logs); `unit.outFile` names main's for the log scenario.
		const copies = spec => spec.replicas ? `numprocs=${spec.replicas}\nprocess_name=%(program_name)s-%(process_num)d\n` : '';
		const program = (spec, isMain) => `[program:${spec.name}]\ncommand=${spec.command.join(' ')}\n${copies(spec)}autorestart=true\nstartsecs=0\n`
			+ `startretries=1000000\nstopasgroup=true\nkillasgroup=true\nredirect_stderr=true\nstdout_logfile_maxbytes=0\n`
			+ `stdout_logfile=${isMain && unit.outFile ? unit.outFile : path.join(unit.dir, spec.replicas ? '%(program_name)s-%(process_num)d.log' : `${spec.name}.log`)}\n`;
		const conf = `[supervisord]\nnodaemon=true\nloglevel=warn\nlogfile=${unit.dir}/supervisord.log\npidfile=${unit.dir}/supervisord.pid\n`
			+ `childlogdir=${unit.dir}\n\n${[program(unit.main, true), ...unit.sidecars.map(spec => program(spec, false))].join('\n')}`;
		writeFileSync(path.join(unit.dir, 'supervisord.conf'), conf);
		return spawnIn(unit, 'supervisord', ['-c', path.join(unit.dir, 'supervisord.conf')]);
	},
};

// The supervisors found on this machine, sidecar first.
export const installedPeers = () => [sidecar, ...compare, pm2, concurrently, supervisord].filter(peer => peer.available());
