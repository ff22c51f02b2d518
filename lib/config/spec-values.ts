// The values users write inside a config: durations, sizes, commands and signal names (docs/config.md).

// Template literal types let an editor reject `'10 seconds'` or `'12 bananas'` before `sidecar check` does; the
// runtime (lib/config/units.ts) also accepts any letter case and spaces. No @types/node needed: configs compile without it.
type DurationUnit = 'ms' | 's' | 'm' | 'h';
type SizeUnit = '' | 'B' | 'K' | 'KB' | 'KiB' | 'M' | 'MB' | 'MiB' | 'G' | 'GB' | 'GiB' | 'b' | 'k' | 'kb' | 'kib' | 'm' | 'mb' | 'mib' | 'g' | 'gb' | 'gib';
// The `@` tags are JSON Schema keywords for schema.json (tools/schema.js); they do not change the types. A string's
// pattern (a schema cannot say `${number}ms`) is set there from lib/config/units.ts, the grammar sidecar parses with.
/**
 * Milliseconds as a number, or a string like '250ms', '10s', '2m', '1h'.
 * @minimum 0
 */
export type Duration = number | `${number}${DurationUnit}`;
/**
 * Bytes as a number, or a string like '512KiB', '256MiB', '1GiB' (K, M, G are binary units too).
 * @exclusiveMinimum 0
 * @maximum 9007199254740991
 * @multipleOf 1
 */
export type Size = number | `${number}${SizeUnit}`;
// An array runs directly; a string runs through `/bin/sh -c`.
export type Command = string | string[];
// The signal names Node knows (the same list as NodeJS.Signals, without needing @types/node).
export type SignalName =
	| 'SIGABRT' | 'SIGALRM' | 'SIGBUS' | 'SIGCHLD' | 'SIGCONT' | 'SIGFPE' | 'SIGHUP' | 'SIGILL' | 'SIGINT' | 'SIGIO'
	| 'SIGIOT' | 'SIGKILL' | 'SIGPIPE' | 'SIGPOLL' | 'SIGPROF' | 'SIGPWR' | 'SIGQUIT' | 'SIGSEGV' | 'SIGSTKFLT' | 'SIGSTOP'
	| 'SIGSYS' | 'SIGTERM' | 'SIGTRAP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU' | 'SIGUNUSED' | 'SIGURG' | 'SIGUSR1' | 'SIGUSR2'
	| 'SIGVTALRM' | 'SIGWINCH' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGBREAK' | 'SIGLOST' | 'SIGINFO';
