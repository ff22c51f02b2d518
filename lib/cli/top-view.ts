import type {UnitStatus} from '../control/protocol.js';
import {formatCpu, formatMemory, formatUptime, renderTable} from './status-table.js';

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

// The full-screen view: a header and one row per process with cpu and memory now and their recent history.
export function renderTopScreen(unit: UnitStatus, history: UsageHistory, now: Date): string {
	const rows = [
		['NAME', 'STATE', 'PID', 'UPTIME', 'CPU', 'CPU HISTORY', 'MEMORY', 'MEMORY HISTORY'],
		...unit.processes.map(process => {
			const cpu = history.cpu(process.name);
			const memory = history.memory(process.name);
			return [
				process.name,
				process.state,
				process.pid === null ? '-' : String(process.pid),
				formatUptime(process.uptimeMs),
				formatCpu(process.cpu),
				sparkline(cpu, maxOf(cpu, 1)).padEnd(HISTORY_LENGTH),
				formatMemory(process.memory),
				sparkline(memory, maxOf(memory, 1)).padEnd(HISTORY_LENGTH),
			];
		}),
	];
	const title = `sidecar top: unit ${unit.name} (supervisor pid ${unit.supervisorPid}), ${now.toTimeString().slice(0, 8)}; q or Ctrl-C quits`;
	return `${title}\n\n${renderTable(rows)}\n`;
}

// The non-TTY fallback: one plain line per process per refresh, easy to grep and log.
export function renderTopLines(unit: UnitStatus, now: Date): string {
	const time = now.toISOString();
	return unit.processes.map(process =>
		`${time} ${process.name} state=${process.state} pid=${process.pid ?? '-'} cpu=${formatCpu(process.cpu)} memory=${formatMemory(process.memory)}\n`).join('');
}
