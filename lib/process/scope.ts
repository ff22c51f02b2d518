// A controller aborted together with `parent` (and by its own abort()), whose listener on the parent is removed once
// it ends. AbortSignal.any() instead keeps every combined signal alive as long as a long-lived input lives
// (nodejs/node#55351), and the supervisor makes one per spawn, backoff and probe for as long as it runs.
export function childScope(parent: AbortSignal): AbortController {
	const controller = new AbortController();
	if (parent.aborted) {
		controller.abort();
		return controller;
	}

	const onAbort = () => {
		controller.abort();
	};

	parent.addEventListener('abort', onAbort, {once: true});
	controller.signal.addEventListener('abort', () => {
		parent.removeEventListener('abort', onAbort);
	}, {once: true});
	return controller;
}
