import {assemble} from './assemble.js';
import {chooseMain} from './choose-main.js';
import {COMPOSE_TOP_DROPPED} from './compose-dropped.js';
import {rewriteInterpolation} from './compose-interpolation.js';
import {importService} from './compose-service.js';
import type {Draft} from './draft.js';
import {readYaml} from './read-yaml.js';
import {createReport} from './report-builder.js';
import {isRecord, shown} from './source-values.js';
import {ImportError, type Importer} from './types.js';

// A compose file (docker-compose.yml, compose.yaml, a swarm stack) → sidecar's config; docs/import-compose.md has the
// mapping table. Main is `--main`, else a service named main/web/app/api/server, else the first that nothing depends
// on. A service with no command runs its image's own, which sidecar cannot know: refused, or dropped with
// skipImageOnly.
export const importCompose: Importer = (text, options) => {
	const source = readYaml(text);
	const report = createReport();
	const root = source.value;
	if (!isRecord(root) || !isRecord(root.services) || Object.keys(root.services).length === 0) {
		const {line, column} = source.positionOf(isRecord(root) ? ['services'] : []);
		throw new ImportError(`unable to import compose file: expected a mapping with services (got ${isRecord(root) ? shown(root.services) : shown(root)})`, line, column);
	}

	const config: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(root)) {
		if (key === 'services') {
			continue;
		}

		if (key === 'name' && typeof value === 'string' && /^[A-Za-z\d][\w.-]{0,63}$/.test(value)) {
			config.name = value;
			report.mapped(key);
		} else if (key in COMPOSE_TOP_DROPPED) {
			report.dropped(key, COMPOSE_TOP_DROPPED[key]!);
		} else {
			report.dropped(key, key.startsWith('x-') ? 'an extension field: sidecar reads none (its anchors are resolved where they are used)' : 'not a compose key sidecar knows');
		}
	}

	const services = Object.entries(root.services);
	const rewrite = (value: string, at: string) => {
		const {text: rewritten, approximated} = rewriteInterpolation(value);
		if (approximated !== undefined) {
			report.approximated(at, approximated);
		}

		return rewritten;
	};

	const context = {report, rewrite, services: services.map(([name]) => name)};
	const drafts: Draft[] = [];
	const imageOnly: string[] = [];
	for (const [name, service] of services) {
		if (!isRecord(service)) {
			const {line, column} = source.positionOf(['services', name]);
			throw new ImportError(`unable to import service "${name}": got ${shown(service)}, expected a mapping`, line, column);
		}

		const {draft, hasCommand} = importService(name, service, context);
		if (hasCommand) {
			drafts.push(draft);
			report.mapped(`services.${name}`);
		} else {
			imageOnly.push(name);
		}
	}

	if (imageOnly.length > 0 && options.skipImageOnly !== true) {
		const {line, column} = source.positionOf(['services', imageOnly[0]!]);
		throw new ImportError(`unable to import ${imageOnly.length === 1 ? 'service' : 'services'} ${imageOnly.join(', ')}: no command or entrypoint, so the image's own would run, which sidecar cannot know (add a command, or pass --skip-image-only to leave them out)`, line, column);
	}

	for (const name of imageOnly) {
		report.replace(`services.${name}`, {path: `services.${name}`, result: 'dropped', why: 'no command or entrypoint: the image\'s own would run (--skip-image-only); run it in a container, or add a command'});
	}

	if (drafts.length === 0) {
		const {line, column} = source.positionOf(['services']);
		throw new ImportError('unable to import compose file: no service has a command left to run', line, column);
	}

	const main = chooseMain(drafts, options.main);
	if (main === undefined) {
		const {line, column} = source.positionOf(['services']);
		throw new ImportError(`unable to import compose file: --main "${options.main}" is not a service with a command (${drafts.map(draft => draft.name).join(', ')})`, line, column);
	}

	report.replace(`services.${main.name}`, {path: `services.${main.name}`, result: 'approximated', how: `became main: ${main.why}`});
	report.comment('main', `The compose service "${main.name}": ${main.why}.`);
	const {main: mainSpec, sidecars} = assemble(drafts, main.name, report);
	return report.finish({...config, main: mainSpec, ...(Object.keys(sidecars).length > 0 ? {sidecars} : {})});
};
