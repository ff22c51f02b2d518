import type {SignalHost} from './handlers.js';
import {sendToGroup} from './send.js';

export const SUSPEND_SIGNALS: readonly NodeJS.Signals[] = ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'];
export const JOB_CONTROL_SIGNALS: readonly NodeJS.Signals[] = [...SUSPEND_SIGNALS, 'SIGCONT'];

// The signals that suspend the unit. SIGTTOU only when the supervisor's own output is no terminal: in the background
// with `stty tostop`, a write to the terminal raises SIGTTOU, and with a handler the kernel restarts the write (libuv
// uses SA_RESTART), which raises it again, so the supervisor spins and no JavaScript ever runs (measured: 61 % of a
// core, state R). Left to its default there, it stops the supervisor alone, as before (docs/signals.md).
export const suspendSignals = (outputIsTerminal: boolean): readonly NodeJS.Signals[] =>
	outputIsTerminal ? ['SIGTSTP', 'SIGTTIN'] : SUSPEND_SIGNALS;

// What job control needs of the unit and its host.
export type JobControl = {
	// The pids of the unit's running processes, each the leader of its group (an interactive main is not: it gets the
	// signal alone, send.ts).
	pids: () => ReadonlyArray<number | null>;
	// The unit's clock: time suspended is not counted (suspend-clock.ts).
	clock: {prepare: () => Promise<void>; suspend: () => void; resume: () => number};
	// SIGSTOP to the supervisor itself (signals/send.ts's trySignal(process.pid, 'SIGSTOP') in production).
	stopSelf: () => void;
	// Which signals suspend the unit (suspendSignals); all three by default.
	suspendOn?: readonly NodeJS.Signals[];
};

// As dumb-init does: SIGTSTP, SIGTTIN or SIGTTOU (Ctrl-Z) suspends every process group of the unit, then the
// supervisor; SIGCONT (`fg`, `kill -CONT`) resumes them. The groups get SIGSTOP, not the signal received: each child
// leads a session of its own, so its group is orphaned and the kernel discards SIGTSTP/SIGTTIN/SIGTTOU sent to it
// (POSIX, "orphaned process group"). A SIGCONT the supervisor gets while the unit was not suspended (after someone
// else's SIGSTOP) resumes nothing: a child stopped on purpose (`sidecar signal NAME SIGSTOP`, a cpu throttle) stays so.
// Before the suspension, those who keep a deadline outside the supervisor are told (clock.prepare: systemd's watchdog).
export function handleJobControl(host: SignalHost, control: JobControl, signal: AbortSignal): void {
	let state: 'running' | 'preparing' | 'suspended' = 'running';
	const listen = (name: NodeJS.Signals, listener: () => void) => {
		host.on(name, listener);
		signal.addEventListener('abort', () => host.off(name, listener), {once: true});
	};

	const each = (name: NodeJS.Signals) => {
		for (const pid of control.pids()) {
			try {
				if (pid !== null && pid > 0) {
					sendToGroup(pid, name);
				}
			} catch {} // Exited in between: nothing to suspend or resume.
		}
	};

	const suspend = async () => {
		if (state !== 'running') {
			return;
		}

		state = 'preparing';
		await control.clock.prepare();
		if (state !== 'preparing' || signal.aborted) {
			return; // A SIGCONT came meanwhile, or the unit ended: nothing to suspend.
		}

		state = 'suspended';
		control.clock.suspend();
		each('SIGSTOP');
		control.stopSelf();
	};

	for (const name of control.suspendOn ?? SUSPEND_SIGNALS) {
		listen(name, () => {
			void suspend();
		});
	}

	listen('SIGCONT', () => {
		if (state === 'suspended') {
			each('SIGCONT');
			control.clock.resume();
		}

		state = 'running';
	});
}
