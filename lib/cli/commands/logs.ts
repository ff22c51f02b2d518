import {once} from 'node:events';
import {DEFAULT_LOG_LINES, type LogLine} from '../../control/protocol.js';
import {EXIT} from '../../errors.js';
import {colorFor, colors} from '../../logs/colors.js';
import {parseCommand} from '../args.js';
import {findUnit, streamUnit} from '../unit-socket.js';

// `logship | line`, `logship ! line` for stderr: the same marks `sidecar run` prints.
const formatLine = ({name, stream, line}: LogLine): string =>
	`${colorFor(name)(name)} ${stream === 'stderr' ? colors.red('!') : '|'} ${line}\n`;

// `sidecar logs [NAME] [--follow] [--lines N]`: the last N lines the supervisor kept in memory, then (--follow) new ones as they come.
export async function logs(args: string[]): Promise<number> {
	const {values, positionals} = parseCommand('logs', args);
	const lines = values.lines === undefined ? DEFAULT_LOG_LINES : Number(values.lines);

	const unit = await findUnit(values, process.cwd());
	const stopped = new AbortController();
	const quit = () => stopped.abort();
	process.once('SIGINT', quit);
	process.stdout.on('error', quit); // `sidecar logs -f | head`: the reader left.
	try {
		for await (const reply of streamUnit(unit, {type: 'logs', name: positionals[0] ?? null, lines, follow: values.follow === true}, stopped.signal)) {
			if (reply.type === 'line') {
				if (!process.stdout.write(formatLine(reply)) && !stopped.signal.aborted) {
					await once(process.stdout, 'drain', {signal: stopped.signal}).catch(() => {});
				}
			} else if (reply.type === 'end') {
				break;
			}
		}
	} finally {
		process.off('SIGINT', quit);
	}

	return EXIT.ok;
}
