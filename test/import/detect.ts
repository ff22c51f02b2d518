import test from 'ava';
import {detectFormat} from '../../lib/import/detect.js';
import type {ImportFormat} from '../../lib/import/types.js';

const detects = test.macro((t, file: string, text: string, expected: ImportFormat | null) => {
	t.is(detectFormat(file, text), expected);
});

for (const name of ['Procfile', 'Procfile.dev', 'procfile']) {
	test(`${name} is a Procfile by its name`, detects, `/x/${name}`, '', 'procfile');
}

for (const name of ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.json', 'ecosystem.prod.config.js', 'ecosystem.yml', 'process.json', 'process.yml', 'process.config.js']) {
	test(`${name} is a PM2 ecosystem file by its name`, detects, name, '', 'pm2');
}

for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.override.yaml', 'compose.dev.yaml', 'docker-stack.yml']) {
	test(`${name} is a compose file by its name`, detects, name, '', 'compose');
}

test('process-compose.yaml is a process-compose file by its name', detects, 'process-compose.yaml', '', 'process-compose');
test('a YAML file with processes: is process-compose', detects, 'dev.yaml', 'version: "0.5"\nprocesses:\n  a: {command: x}\n', 'process-compose');
test('a YAML file with services: is compose', detects, 'stack.yaml', 'services:\n  web: {image: x}\n', 'compose');
test('a file with apps is PM2', detects, 'apps.json', '{"apps": [{"script": "a.js"}]}', 'pm2');
test('NAME: command lines are a Procfile', detects, 'Procfile.local', 'web: node a.js\n', 'procfile');
test('NAME: command lines with comments are a Procfile whatever the name', detects, 'procs.txt', '# dev\nweb: node a.js\n\nworker: node w.js\n', 'procfile');
test('prose is nothing', detects, 'notes.txt', 'hello world\n', null);
