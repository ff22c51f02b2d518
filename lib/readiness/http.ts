import http from 'node:http';
import https from 'node:https';
import {formatDuration} from '../config/units.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// What an http check sends and accepts besides its URL (docs/lifecycle.md, Probes).
export type HttpOptions = {headers: Record<string, string>; insecure: boolean; status: [number, number]};

const DEFAULT_OPTIONS: HttpOptions = {headers: {}, insecure: false, status: [200, 399]};

// Passes on a status in `status` (default 2xx or 3xx) within `timeout`, as Kubernetes' httpGet probe does (redirects
// are not followed). `insecure` accepts a certificate that does not verify (self-signed, as auth proxies often have).
// The body is never read: the connection (one per check, no keep-alive pool) is closed once the status line is in,
// so an endless body costs nothing. node:http rather than fetch: undici costs 11-15 MiB and about twice the CPU
// per check (docs/lifecycle.md, Probes).
export async function checkHttp(url: string, timeout: number, signal: AbortSignal, options: HttpOptions = DEFAULT_OPTIONS): Promise<ProbeResult> {
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
		const [lowest, highest] = options.status;
		const headers = {'user-agent': 'sidecar-probe', ...options.headers};
		const request = client.get(target, {agent: false, headers, ...(options.insecure ? {rejectUnauthorized: false} : {})}, response => {
			response.on('error', () => {}); // Reset as we close it: the verdict is in.
			const status = response.statusCode ?? 0;
			finish(status >= lowest && status <= highest ? PASSED : failed(`status ${status}`));
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
		request.on('error', error => finish(failed(describeError(error)))); // Later errors (our own destroy) are ignored.
	});
}

// OpenSSL's message carries hex codes and source paths (`write EPROTO 80…:error:0A00010B:SSL routines:
// ssl3_get_record:wrong version number:../deps/…`): its reason alone reads well (`TLS: wrong version number`).
function describeError(error: Error): string {
	const openssl = /:SSL routines:(?:[^:]*:)?([^:]+):/.exec(error.message);
	return openssl === null ? error.message.split('\n')[0]! : `TLS: ${openssl[1]}`;
}
