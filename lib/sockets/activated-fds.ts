// The first fd sd_listen_fds(3) passes.
export const SD_LISTEN_FDS_START = 3;

// Sockets systemd (or systemd-socket-activate) passed to the supervisor itself: name → fd. Only when LISTEN_PID is our
// pid (sd_listen_fds(3)); without LISTEN_FDNAMES, the fds are taken in the order of `names` (the config's).
export function activatedFds(env: Record<string, string | undefined>, pid: number, names: readonly string[]): Map<string, number> {
	const count = Number(env.LISTEN_FDS);
	if (env.LISTEN_PID !== String(pid) || !Number.isInteger(count) || count < 1) {
		return new Map();
	}

	const given = env.LISTEN_FDNAMES?.split(':') ?? names.slice(0, count);
	return new Map(given.slice(0, count).map((name, index) => [name, SD_LISTEN_FDS_START + index] as const).filter(([name]) => names.includes(name)));
}

// sd_listen_fds(unset_environment=1): the variables were for the supervisor, not for the processes it starts.
export function forgetActivation(env: Record<string, string | undefined>): void {
	delete env.LISTEN_FDS;
	delete env.LISTEN_PID;
	delete env.LISTEN_FDNAMES;
}
