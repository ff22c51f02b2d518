import test from 'ava';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {survivors} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// The bar of issue 6: zero survivors 3 s after SIGKILL of a supervisor whose sidecar forked a grandchild.
test('nothing outlives a SIGKILLed supervisor by 3 s, grandchildren that ignore SIGTERM included', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: `orphans-${process.pid}`,
		main: {command: fixture('forever.js')},
		sidecars: {tree: {command: fixture('fork-tree.js')}},
	}});
	const supervisor = startCli(t, ['run'], {cwd});
	const [, child, grandchild, main] = await waitForLine(supervisor.stdout!, /tree (\d+) (\d+)[\s\S]*main\s+\| pid (\d+)/);
	const pids = [Number(child), Number(grandchild), Number(main)];
	t.teardown(() => {
		for (const pid of survivors(pids)) {
			process.kill(pid, 'SIGKILL');
		}
	});
	t.deepEqual(survivors(pids), pids);

	const killedAt = Date.now();
	supervisor.kill('SIGKILL');
	await waitFor(() => survivors(pids).length === 0, 3000, 'every child and grandchild to die').catch(() => {});
	t.deepEqual(survivors(pids), []);
	t.log(`all gone ${Date.now() - killedAt} ms after the SIGKILL`);
});
