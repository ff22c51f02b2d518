import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const config = {name: 'shop', main: {command: ['node', 'server.js']}, sidecars: {logship: {command: ['node', 'ship.js'], image: 'acme/logship:1'}}};

test('export systemd prints a unit wrapping sidecar run with absolute paths', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': config});
	const {exitCode, stdout} = await runCli(['export', 'systemd'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, new RegExp(`^ExecStart=${process.execPath} /\\S+/dist/cli/sidecar\\.js run --config ${cwd}/sidecar\\.config\\.json$`, 'm'));
	t.regex(stdout, /^Type=notify$/m);
});

test('export kubernetes needs an image for every process; --image supplies it', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': config});
	const missing = await runCli(['export', 'kubernetes'], {cwd});
	t.is(missing.exitCode, 64);
	t.regex(missing.stderr, /unable to export main: it has no image/);
	const {exitCode, stdout} = await runCli(['export', 'kubernetes', '--image', 'main=acme/shop:2', '--kind', 'pod'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, /^kind: Pod$/m);
	t.regex(stdout, /image: acme\/shop:2/);
	t.regex(stdout, /image: acme\/logship:1/);
});

const imageless = {name: 'shop', main: {command: ['node', 'server.js']}, sidecars: {logship: {command: ['node', 'ship.js']}, proxy: {command: ['node', 'proxy.js']}}};

for (const target of ['kubernetes', 'compose']) {
	test(`export ${target} names every process without an image in one run, one line each`, async t => {
		const cwd = makeProject(t, {'sidecar.config.json': imageless});
		const {exitCode, stdout, stderr} = await runCli(['export', target, '--image', 'proxy=acme/proxy:1'], {cwd});
		t.is(exitCode, 64);
		t.is(stdout, '');
		t.deepEqual(stderr.trim().split('\n'), ['main', 'logship'].map(name =>
			`sidecar: unable to export ${name}: it has no image (set \`image\` in its config, or pass --image ${name}=IMAGE)`));
	});
}

test('export compose lists every process', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': config});
	const {exitCode, stdout} = await runCli(['export', 'compose', '--image', 'main=acme/shop:2'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, /^ {2}main:$/m);
	t.regex(stdout, /^ {2}logship:$/m);
});

test('export with an unknown target is a usage error', async t => {
	const {exitCode, stderr} = await runCli(['export', 'nomad'], {cwd: makeProject(t, {'sidecar.config.json': config})});
	t.is(exitCode, 64);
	t.regex(stderr, /export: got "nomad", expected one of systemd, kubernetes, compose/);
});
