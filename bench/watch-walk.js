// Watch engine figures for docs/benchmarks.md: the walk of 10,000 files in 500 directories (watchTree with
// fs.watch, and one poll pass), the CPU of a poll pass per file, and the RSS the watcher adds. Each measure runs in
// a fresh child so that RSS is its own. Reads the build in dist/: `npx tsc -p tsconfig.json && node bench/watch-walk.js`.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const DIRECTORIES = 500;
const FILES_PER_DIRECTORY = 20;
const RUNS = Number(process.env.RUNS ?? 5);
const self = fileURLToPath(import.meta.url);
const median = values => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const MiB = 1024 * 1024;

if (process.argv[2] === 'child') {
	await measure(process.argv[3], process.argv[4]);
} else {
	main();
}

// Below the root, 20 directories of 24 subdirectories each: 500 directories, 20 files in each.
function makeTree() {
	const root = mkdtempSync(path.join(os.tmpdir(), 'sidecar-watch-bench-'));
	const directories = [];
	for (let top = 0; top < 20; top++) {
		directories.push(path.join(root, `top${top}`));
		for (let sub = 0; sub < 24; sub++) {
			directories.push(path.join(root, `top${top}`, `sub${sub}`));
		}
	}

	for (const directory of directories) {
		mkdirSync(directory, {recursive: true});
		for (let file = 0; file < FILES_PER_DIRECTORY; file++) {
			writeFileSync(path.join(directory, `file${file}.js`), 'x');
		}
	}

	return {root, directories: directories.length, files: directories.length * FILES_PER_DIRECTORY};
}

function main() {
	const tree = makeTree();
	try {
		const runs = {inotify: [], poll: []};
		for (let run = 0; run < RUNS; run++) {
			for (const mode of ['inotify', 'poll']) {
				runs[mode].push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, 'child', mode, tree.root], {encoding: 'utf8'})));
			}
		}

		const pick = (mode, key) => median(runs[mode].map(result => result[key]));
		console.log(`watch engine, ${tree.files} files in ${tree.directories} directories below the root, median of ${RUNS} runs (Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}):`);
		console.log(`  fs.watch: watchTree returns after ${pick('inotify', 'walkMs').toFixed(0)} ms (${pick('inotify', 'walkCpuMs').toFixed(0)} ms CPU, ${pick('inotify', 'directories')} watches); RSS +${pick('inotify', 'rssMiB').toFixed(1)} MiB (heap +${pick('inotify', 'heapMiB').toFixed(1)} MiB); 0 CPU between changes (no timer)`);
		console.log(`  poll: first pass ${pick('poll', 'firstPassMs').toFixed(0)} ms; a warm pass ${pick('poll', 'passMs').toFixed(0)} ms wall, ${pick('poll', 'passCpuMs').toFixed(0)} ms CPU = ${(pick('poll', 'passCpuMs') * 1000 / tree.files).toFixed(1)} µs CPU per file; RSS +${pick('poll', 'rssMiB').toFixed(1)} MiB (heap +${pick('poll', 'heapMiB').toFixed(1)} MiB)`);
		console.log(`  poll every 1 s over this tree: ${(pick('poll', 'passCpuMs') / 10).toFixed(1)} % of a core; every 5 s: ${(pick('poll', 'passCpuMs') / 50).toFixed(1)} %`);
	} finally {
		rmSync(tree.root, {recursive: true, force: true});
	}
}

async function measure(mode, root) {
	const {watchTree} = await import('../dist/lib/watch/watch-tree.js');
	const memory = () => {
		globalThis.gc();
		const {rss, heapUsed} = process.memoryUsage();
		return {rss, heapUsed};
	};

	const added = before => {
		const now = memory();
		return {rssMiB: (now.rss - before.rss) / MiB, heapMiB: (now.heapUsed - before.heapUsed) / MiB};
	};

	const options = {paths: [root], ignore: [], include: [], exclude: [], maxDirs: 8192};
	const handlers = {change() {}, failed(failure) {
		throw new Error(failure.message);
	}};
	const before = memory();
	if (mode === 'inotify') {
		const start = performance.now();
		const cpu = process.cpuUsage();
		const watcher = watchTree({...options, poll: null}, handlers);
		const walkMs = performance.now() - start;
		const {user, system} = process.cpuUsage(cpu);
		const result = {walkMs, walkCpuMs: (user + system) / 1000, directories: watcher.directories, ...added(before)};
		watcher.close();
		console.log(JSON.stringify(result));
		return;
	}

	// One root's passes, driven directly (watchTree runs the same scan on its timer).
	const {PollRoot} = await import('../dist/lib/watch/poll-root.js');
	const {createPathRules} = await import('../dist/lib/watch/path-rules.js');
	const context = {rules: createPathRules(options), isOpen: true, report() {}, claim: () => true, release() {}, fail() {}};
	const poller = new PollRoot(root, context);
	const timePass = async () => {
		const start = performance.now();
		const cpu = process.cpuUsage();
		await poller.scan(options.maxDirs);
		const {user, system} = process.cpuUsage(cpu);
		return {ms: performance.now() - start, cpuMs: (user + system) / 1000};
	};

	const first = await timePass();
	const memoryAdded = added(before);
	await timePass();
	await timePass();
	const passes = [];
	for (let pass = 0; pass < 5; pass++) {
		passes.push(await timePass()); // eslint-disable-line no-await-in-loop
	}

	const second = {ms: median(passes.map(pass => pass.ms)), cpuMs: median(passes.map(pass => pass.cpuMs))};
	console.log(JSON.stringify({firstPassMs: first.ms, passMs: second.ms, passCpuMs: second.cpuMs, ...memoryAdded}));
}
