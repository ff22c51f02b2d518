import type {ResolvedProbe} from '../config/types.js';

// `http probe http://127.0.0.1:9000/healthz`, `tcp probe 127.0.0.1:9000`, `exec probe ./check.sh`.
export function describeProbe(probe: ResolvedProbe): string {
	switch (probe.kind) {
		case 'tcp': {
			return `tcp probe ${probe.host}:${probe.port}`;
		}

		case 'http': {
			return `http probe ${probe.url}`;
		}

		case 'exec': {
			return `exec probe ${probe.command.join(' ')}`;
		}

		case 'log': {
			return `log probe /${probe.pattern}/`;
		}

		case 'file': {
			return `file probe ${probe.path}`;
		}

		case 'notify': {
			return 'a line on fd 3';
		}

		case 'sdNotify': {
			return 'READY=1 on NOTIFY_SOCKET';
		}
	}
}
