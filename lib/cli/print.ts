import type {Writable} from 'node:stream';
import {EXIT, SidecarError} from '../errors.js';
import {errorColors} from '../logs/colors.js';

// The one place user-facing errors are printed: `sidecar: message`, one line per problem.
export function printError(message: string): void {
	quietOnError(process.stderr);
	for (const line of message.split('\n')) {
		process.stderr.write(`${errorColors.red('sidecar:')} ${line}\n`);
	}
}

// Command output for stdout, resolved once it is written. A failed write is the command's failure (exit 74): a script
// keeps this output (`sidecar export systemd > unit.service`) and must not go on with an empty file on a full disk.
// EPIPE is not: the reader closed the pipe because it has what it wanted (`sidecar help | head -1`).
export async function printOut(text: string): Promise<void> {
	await writeAll(process.stdout, text.endsWith('\n') ? text : `${text}\n`);
}

async function writeAll(stream: Writable, text: string): Promise<void> {
	quietOnError(stream);
	await new Promise<void>((resolve, reject) => {
		stream.write(text, error => {
			if (error === null || error === undefined || (error as NodeJS.ErrnoException).code === 'EPIPE') {
				resolve();
			} else {
				reject(outputError(error));
			}
		});
	});
}

// The stream emits the write's error as well: with no listener, Node would print it as an uncaught stack trace.
// The write's callback (above) is where it is handled.
const ignore = () => {};
function quietOnError(stream: Writable): void {
	if (!stream.listeners('error').includes(ignore)) {
		stream.on('error', ignore);
	}
}

// `unable to write to stdout: ENOSPC (no space left on device)`.
function outputError(error: Error): SidecarError {
	const {code} = error as NodeJS.ErrnoException;
	const reason = /^[A-Z]+: ([^,]+)/.exec(error.message)?.[1];
	const said = code === undefined ? error.message : reason === undefined ? code : `${code} (${reason})`;
	return new SidecarError(`unable to write to stdout: ${said}`, EXIT.io, {cause: error});
}
