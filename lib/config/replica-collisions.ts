import type {Issue} from '../errors.js';
import type {ResolvedGroup, ResolvedProcess} from './types.js';

// What the instances of replicated sidecars must not share with anything else in the unit (docs/config.md, Replicas):
// a name (a sidecar called `worker-1` beside a group `worker`, or a group `worker-1` whose name `dependsOn` could not
// tell from that instance's), a port (another instance's, the tcp readiness port of main or of another sidecar, the
// metrics port; `metricsPort` null: no metrics) or a log file (two writers rotating one file).
export function checkReplicaCollisions(main: ResolvedProcess, sidecars: readonly ResolvedProcess[], groups: readonly ResolvedGroup[], metricsPort: number | null, issues: Issue[]): void {
	if (groups.length === 0) {
		return;
	}

	const seen = new Map<string, ResolvedProcess>();
	for (const spec of sidecars) {
		const other = seen.get(spec.name);
		if (other !== undefined) {
			const group = spec.replica?.group ?? other.replica!.group;
			issues.push({path: `sidecars.${group}`, given: spec.name, expected: `instance names that no other sidecar has ("${spec.name}" is both an instance of ${group} and ${describe(spec.replica === null ? spec : other)})`});
		}

		seen.set(spec.name, spec);
	}

	for (const group of groups) {
		const instance = seen.get(group.name);
		if (instance?.replica !== null && instance !== undefined) {
			issues.push({path: `sidecars.${group.name}`, given: group.name, expected: `a group name that is no instance's ("${group.name}" is also an instance of ${instance.replica.group})`});
		}
	}

	const ports = new Map<number, string>();
	if (metricsPort !== null && metricsPort > 0) {
		ports.set(metricsPort, 'the metrics port');
	}

	// A gate waiting on another host (db.internal:5432) takes no port here.
	for (const spec of [main, ...sidecars]) {
		const probe = spec.readiness?.probe;
		if (spec.replica === null && probe?.kind === 'tcp' && (spec.run !== 'gate' || LOCAL_HOSTS.has(probe.host))) {
			ports.set(probe.port, `${spec.name}'s tcp readiness port`);
		}
	}

	for (const spec of sidecars) {
		if (spec.replica?.port === null || spec.replica === null) {
			continue;
		}

		const taken = ports.get(spec.replica.port);
		if (taken === undefined) {
			ports.set(spec.replica.port, `${spec.name}'s SIDECAR_PORT`);
		} else {
			issues.push({path: `sidecars.${spec.replica.group}.replicas.port`, given: spec.replica.port, expected: `ports no other process uses (${spec.name} would get ${spec.replica.port}, which is ${taken})`});
		}
	}

	for (const group of groups) {
		const files = sidecars.filter(spec => spec.replica?.group === group.name && spec.logs.file !== null).map(spec => spec.logs.file!);
		if (new Set(files).size < files.length) {
			issues.push({path: `sidecars.${group.name}.logs.file`, given: files[0], expected: 'a file per instance: put ${SIDECAR_REPLICA} in its name, like "logs/worker-${SIDECAR_REPLICA}.log"'});
		}
	}
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

const describe = (spec: ResolvedProcess): string => spec.replica === null ? 'a sidecar of its own' : `an instance of ${spec.replica.group}`;
