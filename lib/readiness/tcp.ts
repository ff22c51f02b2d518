import net from 'node:net';
import {formatDuration} from '../config/units.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes when a TCP connection to host:port is accepted within `timeout`.
// `signal` is watched here rather than handed to net.connect: Node removes the listener that option adds only
// when the signal aborts, so every check on a spawn's long-lived signal would leave one behind, holding its socket.
export async function checkTcp(host: string, port: number, timeout: number, signal: AbortSignal): Promise<ProbeResult> {
	if (signal.aborted) {
		return failed('cancelled');
	}

	return new Promise(resolve => {
		const socket = net.connect({host, port, timeout});
		const onAbort = () => {
			finish(failed('cancelled'));
		};

		const finish = (result: ProbeResult) => {
			signal.removeEventListener('abort', onAbort);
			socket.destroy();
			resolve(result);
		};

		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('connect', () => finish(PASSED));
		socket.once('timeout', () => finish(failed(`no connection within ${formatDuration(timeout)}`)));
		socket.on('error', error => finish(failed(error.message)));
	});
}
