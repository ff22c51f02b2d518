import http from 'node:http';
import https from 'node:https';
import {formatDuration} from '../config/units.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes on a 2xx or 3xx answer within `timeout`, as Kubernetes' httpGet probe does (redirects are not followed).
// The body is never read: the connection (one per check, no keep-alive pool) is closed once the status line is in,
// so an endless body costs nothing. node:http rather than fetch: undici costs ~15 MiB and several times the CPU
// per check (docs/restarts.md).
export async function checkHttp(url: string, timeout: number, signal: AbortSignal): Promise<ProbeResult> {
	if (signal.aborted) {
		return failed('cancelled');
	}

	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return failed(`invalid URL ${JSON.stringify(url)}`);
	}

	const client = target.protocol === 'https:' ? https : http;
	return new Promise(resolve => {
		let done = false;
		const request = client.get(target, {agent: false, headers: {'user-agent': 'sidecar-probe'}}, response => {
			response.on('error', () => {}); // Reset as we close it: the verdict is in.
			const status = response.statusCode ?? 0;
			finish(status >= 200 && status < 400 ? PASSED : failed(`status ${status}`));
		});
		const onAbort = () => {
			finish(failed('cancelled'));
		};

		const timer = setTimeout(() => {
			finish(failed(`no answer within ${formatDuration(timeout)}`));
		}, timeout);
		const finish = (result: ProbeResult) => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				signal.removeEventListener('abort', onAbort);
				request.destroy();
				resolve(result);
			}
		};

		signal.addEventListener('abort', onAbort, {once: true});
		request.on('error', error => finish(failed(error.message))); // Later errors (our own destroy) are ignored.
	});
}
