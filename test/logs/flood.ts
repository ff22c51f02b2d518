import test from 'ava';
import {execa} from 'execa';
import {fixture} from '../helpers/fixtures.js';
import {BIN, runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const COUNT = 100_000;

test('two children flooding at once: every line printed whole and exactly once', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('flood.js', String(COUNT))},
		sidecars: {other: {command: fixture('flood.js', String(COUNT)), restart: 'never', readiness: {log: '^other 0{9} '}}},
	}});
	const {exitCode, stdout} = await runCli(['run'], {cwd, maxBuffer: 100_000_000});
	t.is(exitCode, 0);
	const seen = {main: new Set<number>(), other: new Set<number>()};
	let torn = 0;
	for (const line of stdout.split('\n')) {
		const match = /^(main|other) +\| (main|other) (\d{9}) x+$/.exec(line);
		if (match && match[1] === match[2]) {
			seen[match[1] as 'main' | 'other'].add(Number(match[3]));
		} else if (/^(main|other) +\|/.test(line)) {
			torn++;
		}
	}

	t.is(torn, 0);
	// Main's lines must all be there; the sidecar may be stopped before it finished when main ends first.
	t.is(seen.main.size, COUNT);
	t.true(seen.other.size > 0);
	const otherLines = stdout.split('\n').filter(line => line.startsWith('other ')).length;
	t.is(otherLines, seen.other.size); // No duplicates.
});

test('a closed stdout (`sidecar run | head -1`) does not stop main or the sidecars', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['/bin/sh', '-c', 'i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done; sleep 0.3; echo done > finished']},
		sidecars: {chatty: {command: fixture('flood.js', '5000'), restart: 'never', readiness: {log: '^chatty'}}},
	}});
	const result = await execa('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" run | head -1`], {cwd, reject: false, env: {NO_COLOR: '1'}});
	t.is(result.exitCode, 0);
	t.is(result.stdout.split('\n').length, 1);
	const {readFileSync} = await import('node:fs');
	t.is(readFileSync(`${cwd}/finished`, 'utf8').trim(), 'done');
});

test('json format prints one object per line with time, name, stream and line', async t => {
	const cwd = makeProject(t);
	const {stdout} = await runCli(['run', '--log-format', 'json', '--', '/bin/sh', '-c', 'echo out; echo err >&2'], {cwd});
	const lines = stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	const out = lines.find(line => line.line === 'out')!;
	const error = lines.find(line => line.line === 'err')!;
	t.like(out, {name: 'main', stream: 'stdout'});
	t.like(error, {name: 'main', stream: 'stderr'});
	t.regex(out.time as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	t.like(lines.find(line => line.event === 'exited'), {name: 'main', code: 0});
});

test('pretty format marks stderr lines', async t => {
	const cwd = makeProject(t);
	const {stdout} = await runCli(['run', '--', '/bin/sh', '-c', 'echo out; echo err >&2'], {cwd});
	t.regex(stdout, /^main +\| out$/m);
	t.regex(stdout, /^main +! err$/m);
});
