// Passes when the command exits 0 within `timeout`.
export async function checkExec(command: string[], cwd: string, timeout: number, signal: AbortSignal): Promise<boolean> {
	const {execa} = await import('execa'); // Loaded on first use: most units have no exec probe.
	const [file, ...args] = command;
	const result = await execa(file!, args, {cwd, timeout, cancelSignal: signal, reject: false, stdio: 'ignore'});
	return result.exitCode === 0;
}
