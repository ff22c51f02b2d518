import {EXIT} from '../errors.js';
import type {ControlReply} from '../control/protocol.js';

// The HTTP status of a control reply (docs/http.md, Status codes): its exitCode, as the CLI would end with it.
// 64 is a bad request, or 404 when it names no process; 1 (not running) and 69 (the unit's state refuses it) are a
// conflict; 78 a reload whose config is invalid; anything else the supervisor's fault.
export function statusOf(reply: ControlReply): number {
	if (reply.ok) {
		return 200;
	}

	switch (reply.exitCode) {
		case EXIT.usage: {
			return reply.error.includes(': no such process') ? 404 : 400;
		}

		case EXIT.failure:
		case EXIT.unavailable: {
			return 409;
		}

		case EXIT.config: {
			return 422;
		}

		default: {
			return 500;
		}
	}
}
