import type {StatusGroup, StatusProcess} from '../control/protocol.js';

// 3723000 → `1h2m`, 65000 → `1m5s`, 4200 → `4s`; null (not running) → `-`.
export function formatUptime(ms: number | null): string {
	if (ms === null) {
		return '-';
	}

	const seconds = Math.floor(ms / 1000);
	const [d, h, m, s] = [Math.floor(seconds / 86_400), Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
	return d > 0 ? `${d}d${h}h` : h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

// Cores → percent of one core, as top shows it: 0.5 → `50.0%`.
export const statusCpu = (cores: number | null): string => (cores === null ? '-' : `${(cores * 100).toFixed(1)}%`);

// Bytes in binary units: 1536 → `1.5KiB`.
export function statusMemory(bytes: number | null): string {
	if (bytes === null) {
		return '-';
	}

	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return unit === 0 ? `${value}B` : `${value.toFixed(1)}${units[unit]}`;
}

// Left-aligned columns, two spaces apart.
export function renderTable(rows: string[][]): string {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

// `sidecar status`: one row per process (docs/cli.md); a STATUS column (sd_notify's STATUS=) when a process sent one.
// A replicated sidecar is a row of its own (its state, ready of desired instances, and the config's count when a
// `sidecar scale` changed it) with its instances indented under it.
export function statusRows(processes: readonly StatusProcess[], groups: readonly StatusGroup[] = []): string[][] {
	const texts = processes.some(entry => entry.statusText !== null);
	const rows: string[][] = [['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'CPU', 'MEMORY', 'READY', 'ENFORCEMENT', ...(texts ? ['STATUS'] : [])]];
	const shown = new Set<string>();
	for (const entry of processes) {
		const group = groups.find(({name}) => name === entry.group);
		if (group !== undefined && !shown.has(group.name)) {
			shown.add(group.name);
			rows.push(groupRow(group, texts));
		}

		rows.push([...processRow(entry, group === undefined ? '' : '  '), ...(texts ? [entry.statusText ?? '-'] : [])]);
	}

	for (const group of groups.filter(({name}) => !shown.has(name))) {
		rows.push(groupRow(group, texts)); // Scaled to 0: the group alone.
	}

	return rows;
}

// A watch after the state: `running, watching 12 dirs`, `running, watch suspended` (docs/watch.md).
const watchNote = ({watch}: StatusProcess): string =>
	watch === undefined ? '' : watch.state === 'watching' ? `, watching ${watch.directories} dir${watch.directories === 1 ? '' : 's'}` : `, watch ${watch.state}`;

const processRow = (entry: StatusProcess, indent: string): string[] => [
	`${indent}${entry.name}`,
	`${entry.waitingFor === null ? entry.state : `${entry.state} (${entry.waitingFor})`}${watchNote(entry)}`,
	entry.pid === null ? '-' : String(entry.pid),
	formatUptime(entry.uptimeMs),
	String(entry.restarts),
	statusCpu(entry.cpu),
	statusMemory(entry.memory),
	entry.ready ? 'yes' : 'no',
	entry.limits.enforcement,
];

const groupRow = ({name, state, ready, desired, configured}: StatusGroup, texts: boolean): string[] => [
	name,
	desired === configured ? state : `${state} (scaled to ${desired}, config ${configured})`,
	'-', '-', '-', '-', '-',
	`${ready}/${desired}`,
	'-',
	...(texts ? ['-'] : []),
];
