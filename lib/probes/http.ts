// Passes on a 2xx or 3xx answer within `timeout`, as Kubernetes' httpGet probe does.
export async function checkHttp(url: string, timeout: number, signal: AbortSignal): Promise<boolean> {
	try {
		const response = await fetch(url, {signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)]), redirect: 'manual'});
		await response.body?.cancel();
		return response.status >= 200 && response.status < 400;
	} catch {
		return false;
	}
}
