import type {ResolvedProcess} from '../config/types.js';
import {Gate} from './gate.js';
import {ManagedProcess} from './managed-process.js';
import type {ProcessHost, UnitMember} from './unit-member.js';

// The roster member for one process spec: an external gate (`run: 'gate'`) runs nothing; anything else runs its command.
export const createMember = (spec: ResolvedProcess, host: ProcessHost, until: AbortSignal): UnitMember =>
	spec.run === 'gate' ? new Gate(spec, host, until) : new ManagedProcess(spec, host, until);
