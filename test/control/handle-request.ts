import test from 'ava';
import {handleControlRequests, type ControlTarget} from '../../lib/control/handle-request.js';
import type {ControlReply} from '../../lib/control/protocol.js';
import {RecentLines} from '../../lib/control/recent-lines.js';
import type {Reply} from '../../lib/control/server.js';

// A stand-in unit whose restarts take until the test lets them end, recording when each began and ended.
function slowUnit() {
	const log: string[] = [];
	const releases: Array<() => void> = [];
	const unit = {
		name: 'u', pid: 1,
		async dispatch(command: {type: string; name?: string}) {
			log.push(`begin ${command.name}`);
			await new Promise<void>(resolve => releases.push(resolve));
			log.push(`end ${command.name}`);
			return {pid: 2};
		},
	} as unknown as ControlTarget['unit'];
	return {unit, log, releases};
}

const reply = (replies: ControlReply[]): Reply => ({send: message => replies.push(message) > 0, closed: new AbortController().signal});

// The control socket and the HTTP API each make a handler for the same unit (lib/control/control-add-on.ts,
// lib/http/http-add-on.ts): a restart through one must not interleave with a restart through the other.
test('restarts through two handlers of one unit run one at a time, in the order they came', async t => {
	const {unit, log, releases} = slowUnit();
	const [socket, http] = [handleControlRequests({unit, recent: new RecentLines()}), handleControlRequests({unit, recent: new RecentLines()})];
	const replies: ControlReply[] = [];
	const first = socket({type: 'restart', name: 'a', parallel: false}, reply(replies));
	const second = http({type: 'restart', name: 'b', parallel: false}, reply(replies));
	await new Promise(resolve => setImmediate(resolve));
	t.deepEqual(log, ['begin a'], 'b waits for a');
	releases.shift()!();
	await first;
	await new Promise(resolve => setImmediate(resolve));
	t.deepEqual(log, ['begin a', 'end a', 'begin b']);
	releases.shift()!();
	await second;
	t.deepEqual(replies.map(message => (message as {name?: string}).name), ['a', 'b']);
});
