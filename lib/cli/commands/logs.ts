import {once} from 'node:events';
import {DEFAULT_LOG_LINES, type LogLine} from '../../control/protocol.js';
import {EXIT, UsageError} from '../../errors.js';
import {chalk, colorFor} from '../../logs/colors.js';
import {parseOptions} from '../args.js';
import {findUnit, streamUnit, UNIT_OPTIONS} from '../unit-socket.js';

// `logship | line`, `logship ! line` for stderr: the same marks `sidecar run` prints.
const formatLine = ({name, stream, line}: LogLine): string =>
	`${colorFor(name)(name)} ${stream === 'stderr' ? chalk.red('!') : '|'} ${line}\n`;

// `sidecar logs [NAME] [--follow] [--lines N]`: the last N lines the supervisor kept in memory, then (--follow) new ones as they come.
export async function logs(args: string[]): Promise<number> {
	const {values, positionals} = parseOptions('logs', args, {...UNIT_OPTIONS, follow: {type: 'boolean', short: 'f'}, lines: {type: 'string', short: 'n'}}, true);
	const lines = values.lines === undefined ? DEFAULT_LOG_LINES : Number(values.lines);
	if (!Number.isInteger(lines) || lines < 0 || positionals.length > 1) {
		throw new UsageError(`logs: expected [NAME] [--follow] [--lines N] with N a whole number${values.lines === undefined ? '' : `, got --lines ${String(values.lines)}`}`);
	}

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
