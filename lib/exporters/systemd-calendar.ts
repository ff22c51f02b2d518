import {EXIT, SidecarError} from '../errors.js';

// Cron → systemd's OnCalendar= (systemd.time(7)), which is not cron: fields are expanded to their values and written
// back as lists, `a..b` runs and `a/step`, so every form croner reads means the same. Day-of-month and day-of-week
// are ORed by cron (croner: when neither field is `*`) but ANDed by systemd, so that case becomes two lines.

const nicknames: Record<string, string> = {
	'@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const systemdDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

type Field = {min: number; max: number; names?: string[]; nameBase?: number};
const fields: Record<'second' | 'minute' | 'hour' | 'day' | 'month' | 'weekday', Field> = {
	second: {min: 0, max: 59},
	minute: {min: 0, max: 59},
	hour: {min: 0, max: 23},
	day: {min: 1, max: 31},
	month: {min: 1, max: 12, names: monthNames, nameBase: 1},
	weekday: {min: 0, max: 7, names: dayNames, nameBase: 0},
};

// The refusal of one expression: what it has, and why systemd cannot say it.
const refuse = (at: string, expression: string, why: string): SidecarError =>
	new SidecarError(`unable to export ${at}: cron ${JSON.stringify(expression)} ${why}; use a form OnCalendar= can express (numbers, names, ranges, steps, lists, L alone in day-of-month, N#K alone in day-of-week)`, EXIT.usage);

// The OnCalendar= values (one, or two for cron's day-of-month OR day-of-week) for `expression` read in `timezone`.
// `at` names the field in a refusal (`sidecars.job.schedule.cron`).
export function cronToCalendar(at: string, expression: string, timezone: string): string[] {
	const parts = (nicknames[expression.trim().toLowerCase()] ?? expression).trim().replaceAll('?', '*').split(/\s+/); // croner reads `?` as `*`.
	if (parts[0]!.startsWith('@') || (parts.length !== 5 && parts.length !== 6)) {
		throw refuse(at, expression, 'is not 5 or 6 fields or a known @name');
	}

	const [second, minute, hour, day, month, weekday] = parts.length === 6 ? parts : ['0', ...parts];
	const time = [expand(at, expression, hour!, fields.hour), expand(at, expression, minute!, fields.minute), expand(at, expression, second!, fields.second)]
		.map((values, index) => compress(values, index === 0 ? fields.hour : fields.minute, 2)).join(':');
	const months = compress(expand(at, expression, month!, fields.month), fields.month, 2);
	const zone = ` ${timezone}`;
	const dayLine = day === '*' ? null : `*-${months}${days(at, expression, day!)} ${time}${zone}`;
	const weekLine = weekday === '*' ? null : `${weekdays(at, expression, weekday!, months)} ${time}${zone}`;
	if (dayLine === null && weekLine === null) {
		return [`*-${months}-* ${time}${zone}`];
	}

	return [weekLine, dayLine].filter((line): line is string => line !== null);
}

// The day-of-month part with its separator: `-13`, or `~01` for L.
function days(at: string, expression: string, field: string): string {
	if (field.toUpperCase() === 'L') {
		return '~01'; // The last day of the month: `~` counts from the end, in place of the `-`.
	}

	if (/[LW?]/i.test(field)) {
		throw refuse(at, expression, `has ${JSON.stringify(field)} in day-of-month (only a lone L is carried)`);
	}

	return `-${compress(expand(at, expression, field, fields.day), fields.day, 2)}`;
}

// The weekday part, with its date: `Mon..Fri *-MONTHS-*`, or `Fri *-MONTHS-08..14` for `5#2` (the second Friday).
function weekdays(at: string, expression: string, field: string, months: string): string {
	const nth = /^([0-7a-z]+)#([1-5])$/i.exec(field);
	if (nth !== null) {
		const [day] = expand(at, expression, nth[1]!, fields.weekday);
		const first = (7 * (Number(nth[2]) - 1)) + 1;
		return `${systemdDays[day! % 7]} *-${months}-${pad(first)}..${pad(Math.min(first + 6, 31))}`;
	}

	if (/[#L?+W]/i.test(field)) {
		throw refuse(at, expression, `has ${JSON.stringify(field)} in day-of-week (only a lone N#K is carried)`);
	}

	const values = [...new Set(expand(at, expression, field, fields.weekday).map(value => value % 7))].sort((a, b) => a - b);
	return `${runs(values).map(([from, to]) => (from === to ? systemdDays[from] : `${systemdDays[from]}..${systemdDays[to]}`)).join(',')} *-${months}-*`;
}

// Every value a cron field stands for: `*`, `N`, `A-B`, each with an optional `/STEP`, comma-separated; names too.
function expand(at: string, expression: string, field: string, spec: Field): number[] {
	const values = new Set<number>();
	for (const item of field.split(',')) {
		const match = /^(\*|[\da-z]+(?:-[\da-z]+)?)(?:\/(\d+))?$/i.exec(item);
		if (match === null) {
			throw refuse(at, expression, `has ${JSON.stringify(item)}, which is not a number, name, range or step`);
		}

		const [from, to] = match[1] === '*' ? [spec.min, spec.max] : rangeOf(at, expression, match[1]!, spec, match[2] !== undefined);
		const step = match[2] === undefined ? 1 : Number(match[2]);
		if (step < 1) {
			throw refuse(at, expression, `has the step ${step}`);
		}

		for (let value = from; value <= to; value += step) {
			values.add(value);
		}
	}

	return [...values].sort((a, b) => a - b);
}

function rangeOf(at: string, expression: string, text: string, spec: Field, stepped: boolean): [number, number] {
	const [from, to] = text.split('-').map(part => valueOf(at, expression, part, spec));
	if (to === undefined) {
		return [from!, stepped ? spec.max : from!]; // `5/15`: from 5 to the end, as croner reads it.
	}

	if (to < from!) {
		throw refuse(at, expression, `has the range ${text}, which runs backwards`);
	}

	return [from!, to];
}

function valueOf(at: string, expression: string, text: string, spec: Field): number {
	const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
	const value = index >= 0 ? index + spec.nameBase! : /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!(value >= spec.min && value <= spec.max)) {
		throw refuse(at, expression, `has ${JSON.stringify(text)}, outside ${spec.min}-${spec.max}`);
	}

	return value;
}

// Values → `*`, `a/step` (an even step that runs to the field's end), or a list of values and `a..b` runs.
function compress(values: number[], spec: Field, width: number): string {
	if (values.length === spec.max - spec.min + 1) {
		return '*';
	}

	const step = values.length > 2 ? values[1]! - values[0]! : 0;
	if (step > 1 && values.every((value, index) => value === values[0]! + (index * step)) && values.at(-1)! + step > spec.max) {
		return `${pad(values[0]!, width)}/${step}`;
	}

	return runs(values).map(([from, to]) => (from === to ? pad(from, width) : `${pad(from, width)}..${pad(to, width)}`)).join(',');
}

// Sorted values → [from, to] runs of consecutive ones.
function runs(values: number[]): Array<[number, number]> {
	const result: Array<[number, number]> = [];
	for (const value of values) {
		const last = result.at(-1);
		if (last !== undefined && last[1] === value - 1) {
			last[1] = value;
		} else {
			result.push([value, value]);
		}
	}

	return result;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
