import type {ResolvedNotifyTarget} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import {runOnce} from '../run-once.js';

// How one notification went: sent, or why not (`exit code 1`, `timed out after 10s`, `HTTP 500`, `ECONNREFUSED`).
export type SendResult = {ok: true} | {ok: false; reason: string};

// Sends `json` to one target: a command runs through the one-shot runner (its own process group, SIGKILLed at its
// timeout with all it forked) with the JSON in SIDECAR_EVENT; a URL gets it as a POST body. Never throws.
export async function sendNotification(target: ResolvedNotifyTarget, json: string, cwd: string): Promise<SendResult> {
	if (target.type === 'command') {
		const [file, ...args] = target.command;
		const result = await runOnce(file!, args, {cwd, env: {SIDECAR_EVENT: json}, timeout: target.timeout, stderr: 'pipe'});
		if (result.ok) {
			return result;
		}

		// The hook's own last stderr line says why it failed (`curl: (7) Failed to connect`), cut to one short line.
		const said = result.stderr.split('\n').at(-1)!.slice(0, 200);
		return {ok: false, reason: said === '' ? result.reason : `${result.reason}: ${said}`};
	}

	return postJson(target.url, target.headers, json, target.timeout);
}

// One POST on a connection of its own (no keep-alive pool holds the supervisor open); a 2xx answer is a success.
async function postJson(url: string, headers: Record<string, string>, json: string, timeout: number): Promise<SendResult> {
	const {request} = url.startsWith('https:') ? await import('node:https') : await import('node:http');
	const signal = AbortSignal.timeout(timeout);
	return new Promise(resolve => {
		const outgoing = request(url, {
			method: 'POST',
			agent: false,
			signal,
			headers: {'user-agent': 'sidecar', ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json)},
		}, response => {
			const status = response.statusCode ?? 0;
			response.destroy(); // The answer's body is not read: its status says all.
			resolve(status >= 200 && status < 300 ? {ok: true} : {ok: false, reason: `HTTP ${status} from ${new URL(url).origin}`});
		});
		outgoing.on('error', (error: NodeJS.ErrnoException) => {
			resolve({ok: false, reason: signal.aborted ? `timed out after ${formatDuration(timeout)}` : `${error.code ?? error.message} from ${new URL(url).origin}`});
		});
		outgoing.end(json);
	});
}
