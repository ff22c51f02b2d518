// argv prefix that puts a child in its cgroups before it runs any code of its own: `sh` writes its pid ($$) to each
// cgroup.procs file, then `exec`s the real argv, which follows the prefix (same pid, same process group).
// Paths travel as positional parameters, never inside the script, so no quoting can break; only a count is interpolated.
// If a write fails the child exits 125 without running the command (as `env` and `timeout` do).
export function cgroupWrapper(procsFiles: string[]): string[] {
	const script = `n=${procsFiles.length}; while [ "$n" -gt 0 ]; do echo $$ >"$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"`;
	return ['/bin/sh', '-c', script, 'sidecar-cgroup', ...procsFiles];
}
