// What users write for `replicas` (docs/config.md, Replicas); sidecar-config.ts uses it, tools/schema.js follows it there.
import type {Duration} from './spec-values.js';

// N copies of a sidecar (docs/config.md, Replicas): instances NAME-0 … NAME-(N-1), each with SIDECAR_REPLICA (0-based),
// SIDECAR_REPLICAS and, with `port`, SIDECAR_PORT; `${SIDECAR_REPLICA}` and `${SIDECAR_PORT}` in any string are replaced.
export type ReplicasSpec = {
	/** How many instances. */
	count: ReplicaCount;
	/** SIDECAR_PORT of instance i: base + i × step (step 1 by default). */
	port?: Port | {
		/** The port of instance 0. */
		base: Port;
		/**
		 * What each further instance adds; default 1.
		 * @asType integer
		 * @minimum 1
		 */
		step?: number;
	};
	/**
	 * Instances that must be ready for the group to count as up (dependsOn waits for them); fewer possible: fatal. Default: count.
	 * @asType integer
	 * @minimum 0
	 */
	minReady?: number;
	/** Time between the starts of successive instances; default none. */
	stagger?: Duration;
};

/**
 * A number of instances, 0 or more.
 * @asType integer
 * @minimum 0
 */
export type ReplicaCount = number;

/**
 * A TCP port, 1-65535.
 * @asType integer
 * @minimum 1
 * @maximum 65535
 */
type Port = number;
