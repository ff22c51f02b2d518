import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {startCli} from '../test/helpers/cli.js';
import {fixture} from '../test/helpers/fixtures.js';
import {makeProject} from '../test/helpers/project.js';
import {waitFor} from '../test/helpers/wait-for.js';
import {faultFixture, footprint} from './helpers/host.js';

// A sidecar floods its output while another crash-loops: the flood stays whole and in order, the crash loop
// keeps being restarted, and the supervisor's memory stays bounded.
const SECONDS = Number(process.env.FAULTS_FLOOD_S ?? 15);
const FLOOD = /^flood +\| F (\d{9}) x{68}$/;

test(`a flooding sidecar beside a crash-looping one, for ${SECONDS} s`, async t => {
	t.timeout((SECONDS + 60) * 1000);
	const project = makeProject(t, {});
	const config = {
		name: `flood-${process.pid}`,
		main: {command: fixture('forever.js')},
		sidecars: {
			flood: {command: faultFixture('flood-forever.js'), start: 'after'},
			crashy: {command: faultFixture('random-crash.js', `${project}/starts.log`, '20', '200'), start: 'after', backoff: {initial: 0}, maxRestarts: {count: 1_000_000, window: '60s'}},
		},
	};
	const {writeFileSync} = await import('node:fs');
	writeFileSync(`${project}/sidecar.config.json`, JSON.stringify(config));
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false});
	supervisor.stderr!.resume();
	let rest = '';
	let next = 0;
	let bytes = 0;
	let restarts = 0;
	const broken: string[] = [];
	let stopping = false; // Then the flood dies mid-write and its cut last line is printed as is: that is no tear.
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		if (stopping) {
			return;
		}

		bytes += chunk.length;
		const lines = (rest + chunk.toString('latin1')).split('\n');
		rest = lines.pop()!;
		for (const line of lines) {
			const match = FLOOD.exec(line);
			if (match !== null) {
				if (Number(match[1]) !== next && broken.length < 5) {
					broken.push(`expected line ${next}, got ${match[1]}`);
				}

				next = Number(match[1]) + 1;
			} else if (line.includes(' F ') && broken.length < 5) {
				broken.push(`torn: ${line.slice(0, 120)}`);
			} else if (/crashy restarting/.test(line)) {
				restarts++;
			}
		}
	});
	await waitFor(() => next > 0, 60_000, 'the flood');
	const start = {restarts, next};
	let peak = 0;
	for (const end = Date.now() + (SECONDS * 1000); Date.now() < end;) {
		peak = Math.max(peak, footprint(supervisor.pid!).rss);
		await sleep(250);
	}

	stopping = true;
	supervisor.kill('SIGTERM');
	await supervisor;
	t.log(`${(bytes / 1e6).toFixed(0)} MB read, ${next - start.next} flood lines, ${restarts - start.restarts} restarts, peak RSS ${peak.toFixed(1)} MiB`);
	t.deepEqual(broken, [], 'every flood line whole, once, in order');
	t.true(restarts - start.restarts >= SECONDS, 'the crash loop kept being restarted during the flood');
	t.true(peak < 120, 'the supervisor\'s memory stays bounded');
});
