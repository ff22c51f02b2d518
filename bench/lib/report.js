// docs/benchmarks.md from the results: the machine, versions, targets, one table per scenario.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import {fmt} from './stats.js';

const cell = summary => summary ? (summary.n === 1 || summary.min === summary.max ? fmt(summary.median) : `${fmt(summary.median)} (${fmt(summary.min)}–${fmt(summary.max)})`) : '–';

export function machine() {
	const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['describe', '--always', '--dirty'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch {}

	return {nproc: os.availableParallelism(), model, memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`, kernel: `${os.type()} ${os.release()}`, node: process.version, commit, load: os.loadavg()};
}

// The scenario's table: one row per subject, median (min–max) per metric, and the first metric over the best peer's.
function table(result, peerNames) {
	const {scenario, summaries, notes} = result;
	const lead = scenario.metrics.find(metric => metric.better);
	const best = lead && peerNames.filter(name => !name.startsWith('sidecar')).map(name => summaries.get(name)?.[lead.key]?.median).filter(value => value !== undefined)
		.reduce((a, b) => (a === undefined || (lead.better === 'lower' ? b < a : b > a) ? b : a), undefined);
	const head = ['', ...scenario.metrics.map(metric => metric.label), ...(best === undefined ? [] : [`${lead.label} ÷ best peer`])];
	const rows = [...summaries].map(([subject, values]) => [
		subject, ...scenario.metrics.map(metric => cell(values[metric.key])),
		...(best === undefined ? [] : [values[lead.key] ? `${fmt(values[lead.key].median / best)} ×` : '–']),
	]);
	const noted = [...notes].filter(([, list]) => list.length > 0).map(([subject, list]) => `- ${subject}: ${[...new Set(list)].map(note => `${note} (${list.filter(other => other === note).length}×)`).join('; ')}`);
	return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`), '', ...noted].join('\n');
}

export function renderReport({results, peers, missing, runs, started, ended, command, loadAtStart}) {
	const box = machine();
	const targets = results.flatMap(result => result.targets ?? []);
	const analysis = new URL('../analysis.md', import.meta.url);
	return `# Benchmarks

Written by \`${command}\` (${started.toISOString()}, ${Math.round((ended - started) / 1000)} s). Every scenario runs against sidecar and
every peer installed by \`bench/setup-peers\`, ${runs} runs each (unless its section says otherwise), alternating subjects within each run so the machine's drift hits all alike.
Figures are medians, with min–max in brackets. Ratios compare with the best peer in the same run.

## Machine

| | |
| --- | --- |
| cores (nproc) | ${box.nproc} |
| CPU | ${box.model} |
| memory | ${box.memory} |
| kernel | ${box.kernel} |
| Node.js | ${box.node} |
| load average at the start (1, 5, 15 min) | ${loadAtStart.map(value => value.toFixed(2)).join(', ')} |
| load average at the end (1, 5, 15 min) | ${box.load.map(value => value.toFixed(2)).join(', ')} |

## Versions

| | |
| --- | --- |
${peers.map(peer => `| ${peer.name} | ${peer.name === 'sidecar' ? `${peer.version()} (${box.commit})` : peer.version()} |`).join('\n')}
${missing.map(name => `| ${name} | not installed: skipped (run \`bench/setup-peers\`) |`).join('\n')}

## Targets

Each target is met or missed by the medians above; a missed one says what bounds it (more in "What bounds the figures").

| target | measured | | why |
| --- | --- | --- | --- |
${targets.map(target => `| ${target.text} | ${target.figure} | ${target.pass ? 'met' : '**missed**'} | ${target.pass ? '' : target.why ?? ''} |`).join('\n')}

${results.map(result => `## ${result.scenario.title}\n\n${result.scenario.about}\n\n${result.skipped ? `Skipped: ${result.skipped}.` : table(result, peers.map(peer => peer.name))}`).join('\n\n')}
${existsSync(analysis) ? `\n${readFileSync(analysis, 'utf8')}` : ''}
## Run it

\`\`\`sh
npm ci && bench/setup-peers     # peers: pm2 and concurrently into bench/peers/, supervisor from Debian (as root)
${command}
\`\`\`
\`RUNS\` sets the runs per scenario, \`BENCH_ONLY=startup,throughput\` a subset, \`BENCH_MB\` the log volume, \`BENCH_COMPARE\` a second
build's dist/cli/sidecar.js measured alongside; figures from a loaded
machine are noise: run it on a quiet one.
`;
}
