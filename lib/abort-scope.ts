import {setMaxListeners} from 'node:events';

// A controller aborted together with `parent` (and by its own abort()), whose listener on the parent is removed once
// it ends. AbortSignal.any() instead keeps every combined signal alive as long as a long-lived input lives
// (nodejs/node#55351), and the supervisor makes one per spawn, backoff and probe for as long as it runs.
// A parent holds one listener per live child, so a unit of more than ten processes legitimately holds more than
// ten: Node's leak heuristic (a warning past 10) is turned off for it, and test/process/scope.ts proves the bound.
export function childScope(parent: AbortSignal): AbortController {
	setMaxListeners(0, parent);
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
