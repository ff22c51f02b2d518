import {spawn} from 'node:child_process';

// The watcher reads `+PGID` / `-PGID` lines from the supervisor; when its stdin closes (the supervisor exited or
// was SIGKILLed: the kernel closes the pipe either way) it SIGKILLs every group still listed, then exits.
// POSIX sh with builtins only, no fork per line: about 1 MiB of memory, against ~40 MiB for a second node.
// It ignores the signals a terminal or `kill -- -PGID` would send, so it outlives the supervisor by design.
const SCRIPT = `trap '' INT TERM HUP QUIT PIPE
g=' '
while read -r op id; do
	case $op in
		+) g="$g$id " ;;
		-) case $g in *" $id "*) g="\${g%% $id *} \${g#* $id }" ;; esac ;;
	esac
done
for id in $g; do kill -9 "-$id" 2>/dev/null; done
`;

// The supervisor's side of the pipe.
export type GroupWatcher = {
	pid: number | null;
	add: (pgid: number) => void;
	remove: (pgid: number) => void;
	// Clean exit: the watcher kills what is still listed (normally nothing) and exits.
	close: () => void;
};

// Starts the watcher in its own process group (not the terminal's: Ctrl-C must not end it before the supervisor).
export function startGroupWatcher(shell = '/bin/sh'): GroupWatcher {
	const subprocess = spawn(shell, ['-c', SCRIPT, 'sidecar-watcher'], {stdio: ['pipe', 'ignore', 'ignore'], detached: true});
	subprocess.on('error', () => {}); // No shell: the other layers still hold.
	const stdin = subprocess.stdin!;
	stdin.on('error', () => {}); // The watcher died (or never started): the other layers still hold.
	subprocess.unref();
	const send = (line: string) => {
		if (stdin.writable) {
			stdin.write(line);
		}
	};

	return {
		pid: subprocess.pid ?? null,
		add: pgid => send(`+ ${pgid}\n`),
		remove: pgid => send(`- ${pgid}\n`),
		close: () => stdin.end(),
	};
}
