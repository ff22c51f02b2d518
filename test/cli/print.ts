import {existsSync} from 'node:fs';
import test from 'ava';
import {execa} from 'execa';
import {assertNoNodeNoise, BIN} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const hasDevFull = existsSync('/dev/full');
const full = hasDevFull ? test : test.skip;

// Output a script keeps, written to a full disk (/dev/full: every write fails with ENOSPC): exit 74 and one line.
const failsOnFullDisk = test.macro(async (t, args: string[]) => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['node', 'server.js']}}});
	// The command's own fd 1 on the device, as a shell's `> /dev/full` gives it.
	const {exitCode, stderr} = await execa('sh', ['-c', 'exec "$0" "$@" >/dev/full', process.execPath, BIN, ...args], {cwd, reject: false, env: {NO_COLOR: '1'}});
	assertNoNodeNoise(stderr);
	t.is(exitCode, 74);
	t.is(stderr, 'sidecar: unable to write to stdout: ENOSPC (no space left on device)');
});

full('export systemd to a full disk fails', failsOnFullDisk, ['export', 'systemd']);
full('export compose to a full disk fails', failsOnFullDisk, ['export', 'compose', '--image', 'main=node:20']);
full('help to a full disk fails', failsOnFullDisk, ['help']);
full('a command\'s help to a full disk fails', failsOnFullDisk, ['export', '--help']);
full('check to a full disk fails', failsOnFullDisk, ['check']);
full('completion to a full disk fails', failsOnFullDisk, ['completion', 'bash']);
full('version to a full disk fails', failsOnFullDisk, ['version']);

// A reader that is gone has what it wanted (`sidecar help | head -1`): not a failure, and no stack trace.
test('help into a closed pipe exits 0 quietly', async t => {
	const subprocess = execa(process.execPath, [BIN, 'completion', 'zsh'], {reject: false, env: {NO_COLOR: '1'}, stdout: 'pipe'});
	subprocess.stdout.destroy(); // Closed long before the child has loaded: its write gets EPIPE.
	const {exitCode, stderr} = await subprocess;
	t.is(exitCode, 0);
	t.is(stderr, '');
});
