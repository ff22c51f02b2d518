import {EXIT, SidecarError} from '../errors.js';

// What a failed read says, in the words of `ls` and the shell rather than libuv's.
const FS_REASONS: Record<string, string> = {
	ENOENT: 'no such file',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'is a directory, expected a file',
	ENOTDIR: 'a parent is not a directory',
	ELOOP: 'too many symbolic links',
};

// A config file that exists and cannot be used: `unable to load config FILE: reason`, exit 78. The loaders
// throw this error (it has no `code`), so cosmiconfig's search cannot mistake it for a missing file and go on;
// an ENOENT the config's own code met (a secret file it reads) stays that, not "no such file" about the config.
export function configLoadError(file: string, error: unknown): SidecarError {
	return error instanceof SidecarError ? error : new SidecarError(`unable to load config ${file}: ${describeThrown(error)}`, EXIT.config, {cause: error});
}

// The config file itself could not be read: `unable to read config FILE: permission denied`, exit 78.
export function configReadError(file: string, error: unknown): SidecarError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code !== undefined && code in FS_REASONS && !(error instanceof SidecarError)
		? new SidecarError(`unable to read config ${file}: ${FS_REASONS[code]}`, EXIT.config, {cause: error})
		: configLoadError(file, error);
}

// The first line of what a config threw; a ReferenceError or TypeError keeps its name, a plain Error is its message.
function describeThrown(error: unknown): string {
	if (!(error instanceof Error)) {
		return String(error);
	}

	const message = error.message.trim().split('\n')[0] ?? '';
	return error.name === 'Error' || message.startsWith(error.name) ? message || error.name : `${error.name}: ${message}`;
}

// ` (line 4, column 1)`: where a parser stopped, both 1-based, as editors count.
export const atPosition = (line: number, column: number): string => ` (line ${line}, column ${column})`;
