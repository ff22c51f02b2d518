// Wall time in an IANA zone through Intl, which Node 20 ships with full ICU: no time-zone database of our own.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
	let format = formatters.get(timezone);
	if (format === undefined) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
		});
		formatters.set(timezone, format);
	}

	return format;
}

// True when Intl knows the zone ('Europe/Berlin', 'UTC'); 'Mars/Base' is not one.
export function isTimeZone(timezone: string): boolean {
	try {
		formatter(timezone);
		return true;
	} catch {
		return false;
	}
}

// The host's zone (TZ, else /etc/localtime), as Intl names it.
export const hostTimeZone = (): string => new Intl.DateTimeFormat().resolvedOptions().timeZone;

// The wall time of `ms` in `timezone`, as 'YYYY-MM-DD HH:MM:SS' (what `sidecar check` prints and the DST rule compares).
export function wallTime(ms: number, timezone: string): string {
	const parts = Object.fromEntries(formatter(timezone).formatToParts(ms).map(({type, value}) => [type, value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

// The zone's offset from UTC at `ms`, in ms (Berlin in summer: +2 h).
export function zoneOffset(ms: number, timezone: string): number {
	const local = Date.parse(`${wallTime(ms, timezone).replace(' ', 'T')}Z`);
	return local - Math.floor(ms / 1000) * 1000;
}
