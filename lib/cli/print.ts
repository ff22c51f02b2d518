import {errorColors} from '../logs/colors.js';

// The one place user-facing errors are printed: `sidecar: message`, one line per problem.
export function printError(message: string): void {
	for (const line of message.split('\n')) {
		process.stderr.write(`${errorColors.red('sidecar:')} ${line}\n`);
	}
}

// Command output for stdout.
export function printOut(text: string): void {
	process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
