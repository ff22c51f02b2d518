import test from 'ava';
import {UnitEvents, type LineBlock, type UnitEvent} from '../../lib/events/unit-events.js';

const line = (name: string, text: string, stream: LineBlock['stream'] = 'stdout'): LineBlock => ({name, stream, block: Buffer.from(`${text}\n`)});
const texts = (lines: LineBlock[]) => lines.map(({name, block}) => `${name}:${block.toString().trim()}`);

test('a subscriber to one process\'s lines is never called for another\'s', t => {
	const events = new UnitEvents();
	const web: LineBlock[] = [];
	events.lines.of('web').subscribe(seen => web.push(seen));
	let calls = 0;
	events.lines.of('db').subscribe(() => calls++);
	events.lines.publish(line('web', 'one'));
	events.lines.publish(line('logship', 'other'));
	events.publish({event: 'line', ...line('web', 'two', 'stderr')}); // The old call shape reaches the same channel.
	t.deepEqual(texts(web), ['web:one', 'web:two']);
	t.is(web[1]!.stream, 'stderr');
	t.is(calls, 0);
});

test('every() sees every process\'s lines, before each process\'s own subscribers', t => {
	const events = new UnitEvents();
	const order: string[] = [];
	events.lines.of('web').subscribe(({name}) => order.push(`own ${name}`));
	events.lines.every().subscribe(({name}) => order.push(`every ${name}`));
	events.lines.publish(line('web', 'one'));
	events.lines.publish(line('db', 'two'));
	t.deepEqual(order, ['every web', 'own web', 'every db']);
});

test('a line subscription ends by its function or its signal', t => {
	const events = new UnitEvents();
	const seen: LineBlock[] = [];
	const stop = events.lines.of('web').subscribe(got => seen.push(got));
	const controller = new AbortController();
	events.lines.every().subscribe(got => seen.push(got), controller.signal);
	events.lines.publish(line('web', 'one'));
	stop();
	controller.abort();
	events.lines.publish(line('web', 'two'));
	t.deepEqual(texts(seen), ['web:one', 'web:one']);
});

test('on(kind) calls its handler for that kind only, typed by the key', t => {
	const events = new UnitEvents();
	const codes: Array<number | null> = [];
	events.on('exited', ({code}) => codes.push(code));
	events.report({event: 'starting', name: 'web', pid: 1});
	events.report({event: 'exited', name: 'web', pid: 1, code: 3, signal: null});
	events.publish({event: 'exited', name: 'db', code: null, signal: 'SIGTERM'});
	t.deepEqual(codes, [3, null]);
});

test('handlers of different kinds are called in the order they subscribed, even for an event reported from a handler', t => {
	const events = new UnitEvents();
	const order: string[] = [];
	events.on('exited', () => {
		order.push('first exited');
		events.report({event: 'restarting', name: 'web', delayMs: 1, restarts: 1, reason: 'exit code 1'});
	});
	events.onEvery(event => order.push(`every ${event.event}`));
	events.on('exited', () => order.push('last exited'));
	events.report({event: 'exited', name: 'web', code: 1, signal: null});
	t.deepEqual(order, ['first exited', 'every restarting', 'every exited', 'last exited']);
});

test('subscribe still hands one subscriber both channels, lines as `line` events, until it unsubscribes', t => {
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	const controller = new AbortController();
	events.subscribe(event => seen.push(event), controller.signal);
	events.lines.publish(line('web', 'one'));
	events.report({event: 'starting', name: 'web', pid: 7});
	controller.abort();
	events.lines.publish(line('web', 'two'));
	events.report({event: 'starting', name: 'web', pid: 8});
	t.deepEqual(seen.map(event => event.event), ['line', 'starting']);
	t.like(seen[0], {event: 'line', name: 'web', stream: 'stdout'});
});
