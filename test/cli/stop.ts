import test from 'ava';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {fixture} from '../helpers/fixtures.js';
import {isAlive} from '../helpers/processes.js';

// Exits 3 on SIGTERM: the code the supervisor must exit with.
const main = [process.execPath, '-e', 'process.on("SIGTERM", () => process.exit(3)); console.log("up"); setInterval(() => {}, 1e9)'];

test('stop shuts the unit down and the supervisor exits with main\'s code', async t => {
	const unit = await startUnit(t, {name: uniqueName('stop'), main: {command: main}, sidecars: {a: {command: fixture('forever.js')}}});
	const pids = Object.values(await unit.pids()).filter((pid): pid is number => pid !== null);
	const {exitCode, stdout} = await unit.cli(['stop']);
	t.is(exitCode, 0);
	t.regex(stdout, /stopped unit .+ \(exit code 3\)/);
	t.is((await unit.supervisor).exitCode, 3);
	t.deepEqual(pids.filter(pid => isAlive(pid)), []);
	const after = await unit.cli(['status']);
	t.is(after.exitCode, 1);
	t.regex(after.stderr, /no supervisor named .+ is running/);
});
