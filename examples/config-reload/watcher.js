// The config sidecar: watches the operator's file (CONFIG_SOURCE), validates every change, publishes a
// valid one atomically to CONFIG_FILE (write a temp file, then rename: the app never reads half a file)
// and asks for a reload with SIGUSR1 to the supervisor, whose `signals` table forwards it to main.
import {mkdirSync, readFileSync, renameSync, watch, writeFileSync} from 'node:fs';
import path from 'node:path';
import {validate} from './validate.js';

const source = path.resolve(process.env.CONFIG_SOURCE ?? 'settings.json');
const target = path.resolve(process.env.CONFIG_FILE ?? 'live/settings.json');
let published = '';
let version = 0;

const publish = () => {
	let text;
	try {
		text = readFileSync(source, 'utf8');
	} catch (error) {
		console.log(`unable to read ${source}: ${error.code}`);
		return;
	}

	if (text === published) {
		return;
	}

	const problems = validate(text);
	if (problems.length > 0) {
		console.log(`refused config from ${source}; the app keeps version ${version}:\n${problems.map(problem => `  ${problem}`).join('\n')}`);
		return;
	}

	version += 1;
	const config = {...JSON.parse(text), version};
	mkdirSync(path.dirname(target), {recursive: true});
	writeFileSync(`${target}.tmp`, `${JSON.stringify(config, null, 2)}\n`);
	renameSync(`${target}.tmp`, target);
	published = text;
	console.log(`published config version ${version} to ${target}`);
	if (version > 1) { // The first one is there before main starts: nothing to reload yet.
		process.kill(Number(process.env.SIDECAR_SUPERVISOR_PID), 'SIGUSR1');
	}
};

publish();
// Watch the folder, not the file: editors save by writing a new file and renaming it over the old one.
let timer;
const watcher = watch(path.dirname(source), (_event, name) => {
	if (name === path.basename(source)) {
		clearTimeout(timer);
		timer = setTimeout(publish, 100); // One publish per save, not one per write(2).
	}
});
process.on('SIGTERM', () => watcher.close());
