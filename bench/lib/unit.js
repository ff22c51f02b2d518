// One launch of a unit under one supervisor, in its own temporary folder: start it, wait for its processes,
// read their stamps, and tear everything down so nothing of one run leaks into the next.
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {descendants, killAll, nowMs, waitFor} from './proc.js';
import {FIXTURES} from './peers.js';

const mainSpec = given => Array.isArray(given) ? {name: 'main', command: given} : given;

export const nodeProc = (dir, name, ...extra) => [process.execPath, path.join(FIXTURES, 'proc.js'), dir, name, ...extra];

// Starts `main` + sidecars s1..sN (proc.js, each with `each` merged in) and `extra` under peer; `options` go to the unit.
export function startUnit(peer, {sidecars = 3, each = {}, fork = false, main, extra = [], ...options} = {}) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const unit = {
		dir,
		// `main(dir)`: its command, or its whole spec ({name, command, limits}).
		main: mainSpec(main?.(dir) ?? nodeProc(dir, 'main')),
		sidecars: [...Array.from({length: sidecars}, (_, i) => ({name: `s${i + 1}`, command: nodeProc(dir, `s${i + 1}`, ...(fork ? ['fork'] : [])), ...each})), ...extra.map(make => make(dir))],
		...options,
	};
	const launchedAt = nowMs();
	const child = peer.launch(unit);
	const exited = new Promise(resolve => {
		child.once('exit', (code, signal) => resolve({at: nowMs(), code, signal}));
	});
	const seen = new Set();
	return {
		dir, child, pid: child.pid, launchedAt, exited, unit,
		// The stamp proc.js wrote for name ({pid, t, children}), or undefined while it has not started.
		stamp(name) {
			const file = path.join(dir, name);
			if (!existsSync(file)) {
				return undefined;
			}

			try {
				const value = JSON.parse(readFileSync(file, 'utf8'));
				seen.add(value.pid);
				value.children.forEach(pid => seen.add(pid));
				return value;
			} catch {
				return undefined; // Being written.
			}
		},
		// Resolves once every named process has started (default: main and every proc.js sidecar).
		async ready(names = ['main', ...unit.sidecars.map(spec => spec.name)], ms = 30_000) {
			return waitFor(() => names.every(name => this.stamp(name) !== undefined), ms, `${peer.name}: ${names.join(', ')} to start`, 10);
		},
		// The workload: every pid a stamp named (and its grandchildren), so the rest of the tree is the supervisor's own.
		workload: () => new Set(seen),
		async close() {
			const pids = [...descendants(child.pid), ...seen];
			killAll(pids);
			await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000))]);
			await waitFor(() => pids.every(pid => !existsSync(`/proc/${pid}/cmdline`) || readFileSync(`/proc/${pid}/stat`, 'latin1').includes(') Z')), 5000, 'teardown').catch(() => {});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
