import type {ResolvedProcess} from '../config/types.js';
import {LogFile, type LogFileOptions} from '../logs/file.js';
import {formatJson} from '../logs/json.js';
import {formatPretty, prettyPrefix} from '../logs/pretty.js';
import {resolveIdentity} from '../process/users.js';
import type {AddOn} from '../supervisor/add-on.js';

// Every line of each process with `logs.file` also goes to that file (docs/host.md, Log files), formatted as on the
// console but without colours (or as JSON lines with --log-format json). A file is opened at the process's first
// line, so processes a reload adds get theirs too; a failure is reported once per outage, never thrown.
export function logFilesAddOn(now = () => new Date()): AddOn {
	return {
		name: 'log files',
		async attach(unit, signal) {
			const files = new Map<string, LogFile | null>();
			const fileOf = (name: string): LogFile | null => {
				let file = files.get(name);
				if (file === undefined) {
					const spec = unit.process(name)?.spec;
					file = spec?.logs.file ? openLogFile(spec, spec.logs.file, reason => {
						unit.events.publish({event: 'logfile-failed', name, file: spec.logs.file!, reason});
					}) : null;
					files.set(name, file);
				}

				return file;
			};

			const width = Math.max('sidecar'.length, ...unit.processes().map(({name}) => name.length));
			unit.events.subscribe(event => {
				if (event.event !== 'line') {
					return;
				}

				const file = fileOf(event.name);
				if (file !== null) {
					const {format, timestamps} = unit.config.logs;
					const time = now();
					const prefix = prettyPrefix(event.name, width, event.stream, timestamps, false)(time);
					file.write(format === 'json' ? formatJson(event.name, event.stream, event.block, time) : formatPretty(prefix, event.block));
				}
			}, signal);
			return () => {
				for (const file of files.values()) {
					file?.close();
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
