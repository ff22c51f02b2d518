import test from 'ava';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {parse} from 'yaml';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

// Sidecars declared but not started with the unit (docs/config.md, Enabled and profiles): each export says what
// became of them, never silently.
function withNotStarted(): ResolvedConfig {
	const config = sampleConfig();
	config.sidecars = [
		...config.sidecars,
		sampleProcess('tools', {enabled: false, image: 'busybox'}),
		sampleProcess('mock', {profiles: ['dev'], image: 'mailpit'}),
	];
	return config;
}

test('kubernetes: an entry not started is no container, and its annotation says why; the manifest validates', t => {
	const deployment = new Deployment(parse(exportKubernetes(withNotStarted(), {images: sampleImages})));
	t.notThrows(() => deployment.validate());
	const pod = deployment.spec!.template;
	const names = pod.spec!.initContainers!.map(({name}) => name);
	t.false(names.includes('tools'));
	t.false(names.includes('mock'));
	t.like(pod.metadata!.annotations, {
		'x-sidecar/tools.not-exported': 'not started with the unit: it has enabled: false (sidecar start tools)',
		'x-sidecar/mock.not-exported': 'not started with the unit: it has profiles dev and no profile is selected (sidecar start mock)',
	});
});

test('compose: profiles are compose profiles, enabled: false the profile "disabled", and main does not require them', t => {
	const file = parse(exportCompose(withNotStarted(), {images: sampleImages})) as {services: Record<string, Record<string, unknown>>};
	t.deepEqual(file.services.mock!.profiles, ['dev']);
	t.deepEqual(file.services.tools!.profiles, ['disabled']);
	t.like(file.services.tools!['x-sidecar'], {enabled: false});
	t.is(file.services.proxy!.profiles, undefined);
	t.deepEqual((file.services.main!.depends_on as Record<string, unknown>).tools, {condition: 'service_started', required: false});
	t.false('required' in ((file.services.main!.depends_on as Record<string, object>).secrets!), 'a sidecar the unit starts stays required');
});
