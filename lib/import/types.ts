// What every importer gives (docs/import.md): a config in sidecar's own terms, a report line per source key, and
// comments to write beside what was approximated. One importer per format (procfile.ts, pm2.ts, compose.ts,
// process-compose.ts); the CLI (lib/cli/commands/import.ts) detects the format, writes the file and prints the report.

// One source key, by its path in the source (`services.web.ports[0]`, `apps[0].instances`, `web` for a Procfile line).
export type ReportLine =
	| {path: string; result: 'mapped'}
	| {path: string; result: 'approximated'; how: string}
	| {path: string; result: 'dropped'; why: string};

// A config as users write it (SidecarConfig's shape, kept as plain data so it can be written as TS, YAML or JSON), the
// report, and comments keyed by the config path they sit above (`sidecars.worker.replicas`).
export type Imported = {
	config: Record<string, unknown>;
	report: ReportLine[];
	comments: Record<string, string>;
};

export type ImportOptions = {
	// The process that becomes main (`--main`); default: each format's own rule.
	main?: string;
	// PM2's `env_<name>` to apply (`--env production`).
	env?: string;
	// compose: drop services with an image and no command instead of refusing them.
	skipImageOnly?: boolean;
	// The source file's absolute path (its directory: where `.env` and relative paths are read from).
	file: string;
};

// A source that cannot be read: the line and column (1-based) of the problem, and what it is. The CLI exits 65.
export class ImportError extends Error {
	constructor(message: string, readonly line: number, readonly column: number) {
		super(message);
	}
}

export type Importer = (text: string, options: ImportOptions) => Imported | Promise<Imported>;
export type ImportFormat = 'procfile' | 'pm2' | 'compose' | 'process-compose';
