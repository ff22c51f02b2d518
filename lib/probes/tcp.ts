import net from 'node:net';

// Passes when a TCP connection to host:port is accepted within `timeout`.
export async function checkTcp(host: string, port: number, timeout: number, signal: AbortSignal): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host, port, timeout, signal});
		const finish = (passed: boolean) => {
			socket.destroy();
			resolve(passed);
		};

		socket.once('connect', () => finish(true));
		socket.once('timeout', () => finish(false));
		socket.once('error', () => finish(false));
	});
}
