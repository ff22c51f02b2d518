import type {ResolvedConfig, ResolvedGroup, ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';

// What `sidecar check` says of each replicated sidecar: the group, then each instance with the values it gets
// (SIDECAR_REPLICA, SIDECAR_PORT) and its command as resolved, so nobody has to work out instance 3's port.
export const replicaLines = (config: ResolvedConfig): string[] => config.groups.flatMap(group => {
	const instances = config.sidecars.filter(spec => spec.replica?.group === group.name);
	return [`sidecars.${group.name}: ${describeGroup(group)}`, ...instances.map(spec => `  ${describeInstance(spec)}`)];
});

function describeGroup(group: ResolvedGroup): string {
	if (group.count === 0) {
		return 'replicas: 0, no instances (the template is checked)';
	}

	const port = group.port === null ? '' : `, ports from ${group.port.base}${group.port.step === 1 ? '' : ` by ${group.port.step}`}`;
	const stagger = group.stagger === 0 ? '' : `, started ${formatDuration(group.stagger)} apart`;
	const critical = group.critical ? `; critical: the unit stops (exit 70) once fewer than ${group.minReady} can be ready` : '';
	return `${group.count} instances (SIDECAR_REPLICAS=${group.count}), ready when ${group.minReady} are${port}${stagger}${critical}`;
}

const describeInstance = ({name, replica, command}: ResolvedProcess): string => {
	const port = replica!.port === null ? '' : ` SIDECAR_PORT=${replica!.port}`;
	return `${name}: SIDECAR_REPLICA=${replica!.index}${port}  ${showCommand(command)}`;
};

// An argv as a reader would type it: words with spaces or quotes in JSON quotes.
const showCommand = (command: readonly string[]): string => command.map(word => /^[\w./:=@%+,-]+$/.test(word) ? word : JSON.stringify(word)).join(' ');
