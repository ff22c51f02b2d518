import {assemble} from './assemble.js';
import {chooseMain} from './choose-main.js';
import {COMPOSE_TOP_DROPPED} from './compose-dropped.js';
import {rewriteInterpolation} from './compose-interpolation.js';
import {importService} from './compose-service.js';
import type {Draft} from './draft.js';
import {applyNames, sidecarNames} from './process-names.js';
import {readYaml} from './read-yaml.js';
import {createReport} from './report-builder.js';
import {isRecord, shown} from './source-values.js';
import {ImportError, type Importer} from './types.js';

// A compose file (docker-compose.yml, compose.yaml, a swarm stack) → sidecar's config; docs/import.md, Compose and process-compose, has the
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
		} else if (key === 'name') {
			report.dropped(key, `got ${shown(value)}, expected a unit name: letters, digits, ".", "_" or "-", starting with a letter or digit (the config directory's name is used)`);
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
	const renamed = sidecarNames(context.services);
	const drafts: Draft[] = [];
	const imageOnly: string[] = [];
	for (const [name, service] of services) {
		if (!isRecord(service)) {
			const {line, column} = source.positionOf(['services', name]);
			throw new ImportError(`unable to import service "${name}": got ${shown(service)}, expected a mapping`, line, column);
		}

		// Without a command of its own, or with only flags for the image's entrypoint, the image decides what runs.
		if (!runsOwnCommand(service)) {
			imageOnly.push(name);
			continue;
		}

		drafts.push(importService(name, renamed.get(name)!, service, context));
		report.mapped(`services.${name}`);
	}

	if (imageOnly.length > 0 && options.skipImageOnly !== true) {
		const {line, column} = source.positionOf(['services', imageOnly[0]!]);
		throw new ImportError(`unable to import ${imageOnly.length === 1 ? 'service' : 'services'} ${imageOnly.join(', ')}: no command or entrypoint of their own (or only flags for the image's entrypoint), so the image decides what runs, which sidecar cannot know (add a command, or pass --skip-image-only to leave them out)`, line, column);
	}

	for (const name of imageOnly) {
		report.dropped(`services.${name}`, 'no command of its own: the image\'s would run (--skip-image-only); run it in a container, or add a command');
	}

	if (drafts.length === 0) {
		const {line, column} = source.positionOf(['services']);
		throw new ImportError('unable to import compose file: no service has a command left to run', line, column);
	}

	applyNames(drafts, renamed, 'services', report);
	const main = chooseMain(drafts, options.main === undefined ? undefined : renamed.get(options.main) ?? options.main);
	if (main === undefined) {
		const {line, column} = source.positionOf(['services']);
		throw new ImportError(`unable to import compose file: --main "${options.main}" is not a service with a command (${drafts.map(draft => draft.name).join(', ')})`, line, column);
	}

	const mainSource = [...renamed].find(([, to]) => to === main.name)![0];
	report.replace(`services.${mainSource}`, {path: `services.${mainSource}`, result: 'approximated', how: `became main: ${main.why}`});
	report.comment('main', `The compose service "${main.name}": ${main.why}.`);
	const {main: mainSpec, sidecars} = assemble(drafts, main.name, report, new Set(imageOnly.map(name => renamed.get(name)!)));
	return report.finish({...config, main: mainSpec, ...(Object.keys(sidecars).length > 0 ? {sidecars} : {})});
};

// A service runs a command sidecar can know: an entrypoint, or a command that does not start with a flag (compose
// passes a command to the image's entrypoint, which for most images runs it, but a flag only configures it).
function runsOwnCommand(service: Record<string, unknown>): boolean {
	const present = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== '';
	if (present(service.entrypoint)) {
		return true;
	}

	const first = Array.isArray(service.command) ? service.command[0] : typeof service.command === 'string' ? service.command.trim() : undefined;
	return present(service.command) && !(typeof first === 'string' && first.startsWith('-'));
}
