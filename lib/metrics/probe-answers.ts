import type {UnitHandle} from '../supervisor/add-on.js';
import {criticalNames, unitReadiness} from '../supervisor/unit-readiness.js';
import type {Probes} from './server.js';

// /healthz (the supervisor answers: 200) and /readyz (200 ready, 503 with the reasons), as both listeners serve them.
export const probeAnswers = (unit: Pick<UnitHandle, 'name' | 'pid' | 'config' | 'snapshot'>): Probes => ({
	'/healthz': () => ({status: 200, body: {ok: true, name: unit.name, supervisorPid: unit.pid}}),
	'/readyz'() {
		const readiness = unitReadiness(unit.snapshot(), criticalNames(unit.config));
		return {status: readiness.ready ? 200 : 503, body: readiness};
	},
});
