// The exit-code table (sysexits.h, as s6 and supervisord use it) and the one error family. For `sidecar import`:
// `data` (EX_DATAERR) a file that does not parse, or --strict with something approximated; `noInput` (EX_NOINPUT) a
// file that cannot be read; `cantCreate` (EX_CANTCREAT) an output file that is there already.
export const EXIT = {ok: 0, failure: 1, usage: 64, data: 65, noInput: 66, unavailable: 69, software: 70, cantCreate: 73, io: 74, config: 78} as const;

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
