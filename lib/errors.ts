// The exit-code table (sysexits.h, as s6 and supervisord use it) and the one error family.
export const EXIT = {ok: 0, failure: 1, usage: 64, unavailable: 69, software: 70, io: 74, config: 78} as const;

export type Issue = {path: string; given: unknown; expected: string};

// Every error a user may see: its message is printed as one line by lib/cli/main.ts.
export class SidecarError extends Error {
	constructor(message: string, readonly exitCode: number = EXIT.software, options?: ErrorOptions) {
		super(message, options);
		this.name = new.target.name;
	}
}

// One line per problem: `path: got X, expected Y`.
export class ConfigError extends SidecarError {
	constructor(readonly issues: Issue[]) {
		super(issues.map(issue => formatIssue(issue)).join('\n'), EXIT.config);
	}
}

export const formatIssue = ({path, given, expected}: Issue): string =>
	`${path}: got ${given === undefined ? 'nothing' : JSON.stringify(given)}, expected ${expected}`;

export class UsageError extends SidecarError {
	constructor(message: string) {
		super(message, EXIT.usage);
	}
}
