import type {ResolvedProcess} from '../config/types.js';
import type {LineBlock} from '../events/unit-events.js';
import {LogFile, type LogFileOptions} from '../logs/file.js';
import {formatJson} from '../logs/json.js';
import {formatPretty, prettyPrefix} from '../logs/pretty.js';
import {resolveIdentity} from '../process/users.js';
import type {AddOn} from '../supervisor/add-on.js';

// Every line of each process with `logs.file` also goes to that file (docs/host.md, Log files), formatted as on the
// console but without colours (or as JSON lines with --log-format json). Each process's lines are followed from its
// first start (`starting` comes in the same tick as its output reader, before any line), so processes a reload adds
// get theirs too; a file is opened at the first line; a failure is reported once per outage, never thrown.
export function logFilesAddOn(now = () => new Date()): AddOn {
	return {
		name: 'log files',
		async attach(unit, signal) {
			const files = new Map<string, LogFile>();
			const followed = new Set<string>();
			const width = Math.max('sidecar'.length, ...unit.processes().map(({name}) => name.length));
			const write = ({name, stream, block}: LineBlock) => {
				let file = files.get(name);
				const spec = file === undefined ? unit.process(name)?.spec : undefined;
				if (spec?.logs.file) {
					const where = spec.logs.file;
					file = openLogFile(spec, where, reason => unit.events.report({event: 'logfile-failed', name, file: where, reason}));
					files.set(name, file);
				}

				if (file !== undefined) {
					const {format, timestamps} = unit.config.logs;
					const time = now();
					const prefix = prettyPrefix(name, width, stream, timestamps, false)(time);
					file.write(format === 'json' ? formatJson(name, stream, block, time) : formatPretty(prefix, block));
				}
			};

			unit.events.on('starting', ({name}) => {
				if (!followed.has(name) && unit.process(name)?.spec.logs.file) {
					followed.add(name);
					unit.events.lines.of(name).subscribe(write, signal);
				}
			}, signal);
			return () => {
				for (const file of files.values()) {
					file.close();
				}
			};
		},
	};
}

const openLogFile = (spec: ResolvedProcess, file: string, onError: (reason: string) => void): LogFile =>
	new LogFile({...spec.logs, file, owner: ownerOf(spec)}, error => onError(error.code ?? error.message));

// The file belongs to the process's user when it has one; an unknown user is start-up's error to report, not ours.
function ownerOf(spec: ResolvedProcess): LogFileOptions['owner'] {
	try {
		const identity = resolveIdentity(spec);
		return identity === null ? null : {uid: identity.uid, gid: identity.gid};
	} catch {
		return null;
	}
}
