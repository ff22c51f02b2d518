// `npm run bench`: every scenario against sidecar and every installed peer, RUNS times, alternating, then docs/benchmarks.md.
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {installedPeers, ROOT} from './lib/peers.js';
import {renderReport} from './lib/report.js';
import {summary} from './lib/stats.js';
import {cliAnswer} from './scenarios/cli-answer.js';
import {configLoad} from './scenarios/config-load.js';
import {httpIdle} from './scenarios/http-idle.js';
import {idle} from './scenarios/idle.js';
import {kill9} from './scenarios/kill9.js';
import {logCpu} from './scenarios/log-cpu.js';
import {pollTick} from './scenarios/poll-tick.js';
import {restart} from './scenarios/restart.js';
import {scheduleWait} from './scenarios/schedule-wait.js';
import {probeWait} from './scenarios/probe-wait.js';
import {replicas} from './scenarios/replicas.js';
import {scale} from './scenarios/scale.js';
import {mainExit, sigterm} from './scenarios/shutdown.js';
import {sigusr1} from './scenarios/sigusr1.js';
import {startup} from './scenarios/startup.js';
import {storm} from './scenarios/storm.js';
import {throughput} from './scenarios/throughput.js';
import {watch} from './scenarios/watch.js';

const RUNS = Number(process.env.RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY?.split(',');
const OUT = path.resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
const MEASURE_TIMEOUT_MS = 180_000;
const SCENARIOS = [idle(3), idle(50, {}), replicas(10), replicas(50), replicas(100), startup, cliAnswer, sigusr1, restart, throughput, logCpu, sigterm, mainExit, kill9, pollTick, probeWait, scheduleWait, configLoad, storm, watch, httpIdle, scale];

const peers = installedPeers();
if (peers[0]?.name !== 'sidecar') {
	console.error('unable to run the bench: dist/cli/sidecar.js is missing (run `npm run build`)');
	process.exit(1);
}

const context = {peers: new Map(peers.map(peer => [peer.name, peer]))};
const missing = ['pm2-runtime', 'concurrently', 'supervisord'].filter(name => !context.peers.has(name));
const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);
// A scenario longer than that (the 10-minute crash storm) names its own bound.
const timeout = ms => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref());
const started = new Date();
const loadAtStart = os.loadavg();
const results = [];
for (const scenario of SCENARIOS.filter(scenario => ONLY === undefined || ONLY.includes(scenario.id))) {
	const skipped = scenario.skip?.();
	if (skipped !== undefined) {
		console.error(`${scenario.id}: skipped: ${skipped}`);
		results.push({scenario, skipped});
		continue;
	}

	const subjects = scenario.subjects(peers);
	const samples = new Map(subjects.map(subject => [subject, {}]));
	const notes = new Map(subjects.map(subject => [subject, []]));
	const runs = scenario.runs ?? RUNS; // A long scenario (the crash storm) runs once.
	for (let run = 0; run < runs; run++) {
		for (const subject of rotate(subjects, run)) {
			try {
				const value = await Promise.race([scenario.measure(subject, context), timeout(scenario.timeoutMs ?? MEASURE_TIMEOUT_MS)]);
				if (value.note !== undefined) {
					notes.get(subject).push(value.note);
				}

				for (const metric of scenario.metrics) {
					const own = samples.get(subject);
					(own[metric.key] ??= []).push(...[value[metric.key]].flat().filter(number => typeof number === 'number'));
				}
			} catch (error) {
				notes.get(subject).push(`failed: ${error.message.split('\n')[0]}`);
			}

			console.error(`${scenario.id}: run ${run + 1}/${runs}: ${subject} done`);
		}
	}

	await scenario.cleanup?.();
	const summaries = new Map([...samples].map(([subject, values]) => [subject, Object.fromEntries(Object.entries(values).map(([key, list]) => [key, summary(list)]))]));
	results.push({scenario, summaries, notes, targets: scenario.targets(summaries)});
}

const command = `${process.env.RUNS ? `RUNS=${RUNS} ` : ''}${ONLY ? `BENCH_ONLY=${ONLY.join(',')} ` : ''}${process.env.BENCH_MB ? `BENCH_MB=${process.env.BENCH_MB} ` : ''}${process.env.BENCH_COMPARE ? `BENCH_COMPARE=${process.env.BENCH_COMPARE} ` : ''}npm run bench`;
writeFileSync(OUT, renderReport({results, peers, missing, runs: RUNS, started, ended: new Date(), command, loadAtStart}));
console.error(`wrote ${path.relative(ROOT, OUT)}`);
