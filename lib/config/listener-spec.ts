// The supervisor's own listeners as users write them: the Prometheus endpoint and the HTTP API (docs/config.md).

export type MetricsSpec = {
	/**
	 * Port of the Prometheus endpoint, e.g. 9464.
	 * @asType integer
	 * @minimum 0
	 */
	port?: number;
	/**
	 * Address it listens on; default '127.0.0.1'.
	 * @minLength 1
	 */
	host?: string;
};

export type HttpSpec = {
	/**
	 * Port of the HTTP API, status page and readiness endpoints (docs/http.md); 0 picks a free one.
	 * @asType integer
	 * @minimum 0
	 * @maximum 65535
	 */
	port: number;
	/**
	 * Address it listens on; default '127.0.0.1'. Any address but loopback needs a token.
	 * @minLength 1
	 */
	host?: string;
	/**
	 * Bearer token: when set, every /v1 request needs `Authorization: Bearer TOKEN` (docs/http.md, Security).
	 * @minLength 16
	 */
	token?: string;
};

// 'none' drops a signal that would otherwise be forwarded by default.
