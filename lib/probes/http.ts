import {childScope} from '../abort-scope.js';

// Passes on a 2xx or 3xx answer within `timeout`, as Kubernetes' httpGet probe does.
export async function checkHttp(url: string, timeout: number, signal: AbortSignal): Promise<boolean> {
	const attempt = childScope(signal);
	const timer = setTimeout(() => {
		attempt.abort();
	}, timeout);
	try {
		const response = await fetch(url, {signal: attempt.signal, redirect: 'manual'});
		await response.body?.cancel();
		return response.status >= 200 && response.status < 400;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
		attempt.abort(); // Detaches it from the spawn's signal.
	}
}
