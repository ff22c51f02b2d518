import {chmodSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {systemUsers} from '../../lib/process/users.js';
import {makeProject} from '../helpers/project.js';

// The NSS path of the user lookup (users not in /etc/passwd), with stand-in `id` programs first on PATH. Serial:
// each test changes PATH for the process while its synchronous lookup runs.
function withFakeId(t: ExecutionContext, script: string): string {
	const directory = makeProject(t, {id: `#!/bin/sh\n${script}\n`});
	chmodSync(path.join(directory, 'id'), 0o755);
	const saved = process.env.PATH;
	process.env.PATH = `${directory}:${saved}`;
	t.teardown(() => {
		process.env.PATH = saved;
	});
	return directory;
}

test.serial('a user known only to NSS is read from one run of id', t => {
	const directory = withFakeId(t, 'echo "$*" >> "$(dirname "$0")/calls"; echo "uid=4242(ldapuser) gid=4343(staff) groups=4343(staff)"');
	t.deepEqual(systemUsers.user('ldapuser'), {name: 'ldapuser', id: 4242, gid: 4343, home: '/'});
	t.is(readFileSync(path.join(directory, 'calls'), 'utf8'), 'ldapuser\n');
});

test.serial('a user id looks up the same way', t => {
	withFakeId(t, 'echo "uid=4242(ldapuser) gid=4343(staff) groups=4343(staff)"');
	t.like(systemUsers.user(4242), {name: 'ldapuser', id: 4242, gid: 4343});
});

test.serial('a user NSS does not know is null', t => {
	withFakeId(t, 'echo "id: ‘$1’: no such user" >&2; exit 1');
	t.is(systemUsers.user('ghost-user'), null);
});

test.serial('a lookup that hangs and ignores SIGTERM ends at its timeout', t => {
	withFakeId(t, 'trap "" TERM; exec sleep 60');
	const started = Date.now();
	t.is(systemUsers.user('ghost-user'), null);
	const tookMs = Date.now() - started;
	t.true(tookMs >= 4900 && tookMs < 10_000, `the lookup took ${tookMs}ms`);
});
