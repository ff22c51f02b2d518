// Resource usage of a process and all its descendants, read from /proc (Linux): cpu seconds, resident bytes.
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

const getconf = (name, fallback) => {
	try {
		return Number(execFileSync('getconf', [name], {encoding: 'utf8'}).trim());
	} catch {
		return fallback;
	}
};

const ticksPerSecond = getconf('CLK_TCK', 100);
const pageSize = getconf('PAGESIZE', 4096);

// /proc/PID/stat: the command name is in parentheses and may contain spaces, so split after the last ')'.
const readStat = pid => {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21])};
	} catch {
		return null; // Gone between readdir and read.
	}
};

// {processes, cpuSeconds, residentBytes} for the tree rooted at `root`, or null when root is gone.
export function treeUsage(root) {
	const all = readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(name => readStat(Number(name))).filter(Boolean);
	const children = new Map();
	for (const stat of all) {
		children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
	}

	const rootStat = all.find(stat => stat.pid === root);
	if (rootStat === undefined) {
		return null;
	}

	const tree = [rootStat];
	for (let index = 0; index < tree.length; index++) {
		tree.push(...(children.get(tree[index].pid) ?? []));
	}

	return {
		processes: tree.length,
		cpuSeconds: tree.reduce((sum, stat) => sum + stat.ticks, 0) / ticksPerSecond,
		residentBytes: tree.reduce((sum, stat) => sum + stat.rssPages, 0) * pageSize,
	};
}
