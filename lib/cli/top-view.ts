import type {UnitStatus} from '../control/protocol.js';
import {statusCpu, statusMemory, formatUptime, renderTable} from './status-table.js';

// How many refreshes of history `top` keeps per process.
export const HISTORY_LENGTH = 30;

const BARS = '▁▂▃▄▅▆▇█';

// Values → one bar character each, scaled to `max`; a missing sample is a space.
export function sparkline(values: ReadonlyArray<number | null>, max: number): string {
	return values.map(value => value === null ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((value / (max || 1)) * BARS.length))]!).join('');
}

// The last HISTORY_LENGTH cpu and memory samples of every process, fed one snapshot per refresh.
export class UsageHistory {
	readonly #cpu = new Map<string, Array<number | null>>();
	readonly #memory = new Map<string, Array<number | null>>();

	record(unit: UnitStatus): void {
		for (const {name, cpu, memory} of unit.processes) {
			push(this.#cpu, name, cpu);
			push(this.#memory, name, memory);
		}
	}

	cpu(name: string): Array<number | null> {
		return this.#cpu.get(name) ?? [];
	}

	memory(name: string): Array<number | null> {
		return this.#memory.get(name) ?? [];
	}
}

function push(map: Map<string, Array<number | null>>, name: string, value: number | null): void {
	const values = map.get(name) ?? [];
	values.push(value);
	map.set(name, values.slice(-HISTORY_LENGTH));
}

const maxOf = (values: ReadonlyArray<number | null>, floor: number) => Math.max(floor, ...values.map(value => value ?? 0));

// A column of the screen; a history column's cells are drawn for the width it gets.
type Column = {header: string; cells: (width: number) => string[]; history?: boolean};

// Dropped in this order when the terminal is too narrow for them, after the history columns have shrunk.
const DROPPABLE = ['MEMORY HISTORY', 'CPU HISTORY', 'UPTIME', 'PID'];
const SEPARATOR = 2;

// `abcdef` in 4 columns → `abc…`.
const clip = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);

function topColumns(unit: UnitStatus, history: UsageHistory): Column[] {
	type Row = UnitStatus['processes'][number];
	const cells = (cell: (row: Row) => string) => () => unit.processes.map(row => cell(row));
	const historyOf = (values: (name: string) => Array<number | null>) => (width: number) => unit.processes.map(({name}) => {
		const recent = width === 0 ? [] : values(name).slice(-width);
		return sparkline(recent, maxOf(recent, 1)).padEnd(width);
	});
	return [
		{header: 'NAME', cells: cells(row => row.name)},
		{header: 'STATE', cells: cells(row => row.state)},
		{header: 'PID', cells: cells(row => (row.pid === null ? '-' : String(row.pid)))},
		{header: 'UPTIME', cells: cells(row => formatUptime(row.uptimeMs))},
		{header: 'CPU', cells: cells(row => statusCpu(row.cpu))},
		{header: 'CPU HISTORY', cells: historyOf(name => history.cpu(name)), history: true},
		{header: 'MEMORY', cells: cells(row => statusMemory(row.memory))},
		{header: 'MEMORY HISTORY', cells: historyOf(name => history.memory(name)), history: true},
	];
}

// The widest layout that fits `columns`: history columns shrink first (never below their header), then columns
// drop in DROPPABLE order; what still does not fit (a long name) is clipped.
function fitTable(all: Column[], columns: number): string[][] {
	for (let dropped = 0; dropped <= DROPPABLE.length; dropped++) {
		const visible = all.filter(column => !DROPPABLE.slice(0, dropped).includes(column.header));
		const fixed = visible.filter(column => !column.history).map(column => Math.max(column.header.length, ...column.cells(0).map(cell => cell.length)));
		const histories = visible.filter(column => column.history);
		const room = columns - fixed.reduce((sum, width) => sum + width, 0) - (SEPARATOR * (visible.length - 1));
		const width = histories.length === 0 ? 0 : Math.min(HISTORY_LENGTH, Math.floor(room / histories.length));
		if (room >= 0 && histories.every(column => width >= column.header.length)) {
			return tableOf(visible, width);
		}
	}

	return tableOf(all.filter(column => !DROPPABLE.includes(column.header)), 0);
}

const tableOf = (columns: Column[], historyWidth: number): string[][] => {
	const cells = columns.map(column => column.cells(historyWidth));
	return [columns.map(column => column.header), ...cells[0]!.map((_, row) => cells.map(column => column[row]!))];
};

// The full-screen view, fitted to a terminal `columns` wide: a header and one row per process with cpu and memory
// now and, where there is room, their recent history.
export function renderTopScreen(unit: UnitStatus, history: UsageHistory, now: Date, columns = 80): string {
	const time = now.toTimeString().slice(0, 8);
	const titles = [`sidecar top: unit ${unit.name} (supervisor pid ${unit.supervisorPid}), ${time}; q or Ctrl-C quits`, `${unit.name} ${time}; q quits`];
	const title = titles.find(text => text.length <= columns) ?? clip(titles.at(-1)!, columns);
	const table = renderTable(fitTable(topColumns(unit, history), columns)).split('\n').map(line => clip(line, columns));
	return `${title}\n\n${table.join('\n')}\n`;
}

// The non-TTY fallback: one plain line per process per refresh, easy to grep and log.
export function renderTopLines(unit: UnitStatus, now: Date): string {
	const time = now.toISOString();
	return unit.processes.map(entry =>
		`${time} ${entry.name} state=${entry.state} pid=${entry.pid ?? '-'} cpu=${statusCpu(entry.cpu)} memory=${statusMemory(entry.memory)}\n`).join('');
}
