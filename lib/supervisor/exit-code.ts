import {constants} from 'node:os';
import {EXIT} from '../errors.js';
import type {ExitInfo} from '../process/spawn.js';

// Shell convention (and s6-overlay's): a child killed by signal N makes its parent exit 128 + N.
export const unitExitCode = (exit: ExitInfo | null): number =>
	exit === null ? EXIT.software : exit.signal === null ? exit.code ?? EXIT.software : 128 + constants.signals[exit.signal];
