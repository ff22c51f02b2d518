import type {IncomingMessage, ServerResponse} from 'node:http';

// What a route's handler gets: the request, its response, the path's `:params` and the query.
export type RouteContext = {request: IncomingMessage; response: ServerResponse; params: Record<string, string>; query: URLSearchParams};

// One endpoint. `mutating`: it changes the unit (needs the token when one is set, and a same-origin caller);
// `open`: served without the token (/healthz, /readyz).
export type Route = {method: 'GET' | 'POST'; path: string; mutating: boolean; open?: boolean; handle: (context: RouteContext) => Promise<void> | void};

// A route found, or why none was: no such path (404), or a path with other methods (405, with those in `allow`).
export type Match = {route: Route; params: Record<string, string>} | {status: 404} | {status: 405; allow: string[]};

// `/v1/processes/:name/restart` against `/v1/processes/web/restart` → {name: 'web'}, else undefined.
function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
	const want = pattern.split('/');
	const got = pathname.split('/');
	if (want.length !== got.length) {
		return undefined;
	}

	const params: Record<string, string> = {};
	for (const [index, part] of want.entries()) {
		if (part.startsWith(':')) {
			try {
				params[part.slice(1)] = decodeURIComponent(got[index]!);
			} catch {
				return undefined;
			}
		} else if (part !== got[index]) {
			return undefined;
		}
	}

	return params;
}

// The route for a method and path (HEAD is served as GET).
export function matchRoute(routes: readonly Route[], method: string, pathname: string): Match {
	const wanted = method === 'HEAD' ? 'GET' : method;
	const allow: string[] = [];
	for (const route of routes) {
		const params = matchPath(route.path, pathname);
		if (params !== undefined) {
			if (route.method === wanted) {
				return {route, params};
			}

			allow.push(route.method);
		}
	}

	return allow.length === 0 ? {status: 404} : {status: 405, allow};
}
