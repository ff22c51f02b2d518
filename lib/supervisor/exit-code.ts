import {constants} from 'node:os';
import {EXIT} from '../errors.js';
import type {ExitInfo} from '../process/spawn.js';

// Shell convention (and s6-overlay's): a child killed by signal N makes its parent exit 128 + N.
export const unitExitCode = (exit: ExitInfo | null): number =>
	exit === null ? EXIT.software : exit.signal === null ? exit.code ?? EXIT.software : 128 + constants.signals[exit.signal];

// A unit stopped before main ever ran (a gate that never opened, a probe that never passed): a signal's stop exits
// 128 + N as the shell reports an interrupted command (130 for Ctrl-C), so `sidecar run && next` does not go on;
// `sidecar stop` asked for the stop and exits 0 (issue 21).
export const interruptedExitCode = (signal: NodeJS.Signals | undefined): number =>
	signal === undefined ? EXIT.ok : 128 + constants.signals[signal];
