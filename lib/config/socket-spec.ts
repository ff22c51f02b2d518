// What users write for `sockets` (docs/sockets.md); sidecar-config.ts uses it, tools/schema.js follows it there.

// A listening socket the supervisor binds before anything starts and holds across restarts of the processes that
// list it: TCP ({port, host?}) or a unix socket ({path, mode?}).
export type SocketSpec = TcpSocketSpec | UnixSocketSpec;

export type TcpSocketSpec = {
	/**
	 * The TCP port, 1-65535.
	 * @asType integer
	 * @minimum 1
	 * @maximum 65535
	 */
	port: number;
	/**
	 * An IP address to bind; default '127.0.0.1' ('0.0.0.0' or '::' for every interface).
	 * @minLength 1
	 */
	host?: string;
	/**
	 * Connections the kernel queues while no process accepts (a restart); default 511, Node's.
	 * @asType integer
	 * @minimum 1
	 */
	backlog?: number;
};

export type UnixSocketSpec = {
	/**
	 * A unix socket's path, relative to the config directory.
	 * @minLength 1
	 */
	path: string;
	/** Its permissions, as an octal string like '660'; default the umask's. */
	mode?: string;
	/**
	 * Connections the kernel queues while no process accepts (a restart); default 511, Node's.
	 * @asType integer
	 * @minimum 1
	 */
	backlog?: number;
};
