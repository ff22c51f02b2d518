import {execa} from 'execa';

// Passes when the command exits 0 within `timeout`.
export async function checkExec(command: string[], cwd: string, timeout: number, signal: AbortSignal): Promise<boolean> {
	const [file, ...args] = command;
	const result = await execa(file!, args, {cwd, timeout, cancelSignal: signal, reject: false, stdio: 'ignore'});
	return result.exitCode === 0;
}
