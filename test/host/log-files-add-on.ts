import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {UnitEvents, type LineBlock} from '../../lib/events/unit-events.js';
import {logFilesAddOn} from '../../lib/host/log-files-add-on.js';
import type {UnitHandle} from '../../lib/supervisor/add-on.js';

// The add-on against a unit of just its events and specs; `config` may grow (a reload) while it is attached.
async function attached(t: import('ava').ExecutionContext, sidecars: Record<string, {logs?: {file: string}}>) {
	const directory = mkdtempSync(path.join(tmpdir(), 'sidecar-log-files-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const configOf = (specs: typeof sidecars): ResolvedConfig => resolveConfig({name: 'files', main: {command: 'true'}, sidecars: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, {command: 'true', ...spec}]))}, directory);
	const state = {config: configOf(sidecars)};
	const events = new UnitEvents();
	const specs = () => [state.config.main, ...state.config.sidecars];
	const unit = {
		name: 'files', events, get config() {
			return state.config;
		},
		processes: () => specs().map(spec => ({name: spec.name, spec})),
		process: (name: string) => specs().map(spec => ({name: spec.name, spec})).find(member => member.name === name),
	} as unknown as UnitHandle;
	const controller = new AbortController();
	const detach = await logFilesAddOn(() => new Date(0)).attach(unit, controller.signal);
	t.teardown(() => {
		controller.abort();
		void detach?.();
	});
	const reload = (next: typeof sidecars) => {
		state.config = configOf(next);
	};

	const read = (file: string) => readFileSync(path.join(directory, file), 'utf8');
	return {events, reload, read};
}

const line = (name: string, text: string): LineBlock => ({name, stream: 'stdout', block: Buffer.from(`${text}\n`)});

test('each process with logs.file gets its own lines from its first start, and no other process\'s', async t => {
	const {events, read} = await attached(t, {web: {logs: {file: 'web.log'}}, db: {}});
	events.report({event: 'starting', name: 'web', pid: 1});
	events.report({event: 'starting', name: 'db', pid: 2});
	events.lines.publish(line('web', 'one'));
	events.lines.publish(line('db', 'not mine'));
	events.report({event: 'starting', name: 'web', pid: 3}); // A restart subscribes nothing twice.
	events.lines.publish(line('web', 'two'));
	t.is(read('web.log'), 'web     | one\nweb     | two\n');
});

test('a process a reload adds writes its file from its first line', async t => {
	const {events, reload, read} = await attached(t, {web: {}});
	reload({web: {}, late: {logs: {file: 'late.log'}}});
	events.report({event: 'starting', name: 'late', pid: 4});
	events.lines.publish(line('late', 'first'));
	t.is(read('late.log'), 'late    | first\n');
});
