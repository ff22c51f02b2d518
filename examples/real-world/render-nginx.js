// Writes $RUN_DIR/nginx.conf from nginx.conf.template, filling ${NAME} from the environment.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const runDirectory = path.resolve(process.env.RUN_DIR ?? 'run');
const values = {...process.env, RUN_DIR: runDirectory, NGINX_SITE: path.resolve(process.env.NGINX_SITE ?? 'site.conf')};
const template = readFileSync(new URL('nginx.conf.template', import.meta.url), 'utf8');
const missing = new Set();
const text = template.replaceAll(/\$\{(\w+)\}/g, (_match, name) => {
	if (values[name] === undefined) {
		missing.add(name);
	}

	return values[name] ?? '';
});
if (missing.size > 0) {
	console.error(`unable to render nginx.conf: ${[...missing].join(', ')} not set`);
	process.exit(78);
}

mkdirSync(runDirectory, {recursive: true});
writeFileSync(path.join(runDirectory, 'nginx.conf'), text);
console.log(`rendered ${path.join(runDirectory, 'nginx.conf')} (site ${values.NGINX_SITE})`);
