// The API server's name rules (k8s.io/apimachinery/pkg/util/validation), which kubernetes-models' schema does not
// check: a manifest that passes the schema can still be rejected for a key or a name.
const dns1123Label = /^[a-z\d](?:[-a-z\d]*[a-z\d])?$/;
const dns1123Subdomain = /^[a-z\d](?:[-a-z\d]*[a-z\d])?(?:\.[a-z\d](?:[-a-z\d]*[a-z\d])?)*$/;
const qualifiedName = /^(?:[A-Za-z\d][-\w.]*)?[A-Za-z\d]$/;
const labelValue = /^(?:(?:[A-Za-z\d][-\w.]*)?[A-Za-z\d])?$/;

type Metadata = {name?: string; labels?: Record<string, string>; annotations?: Record<string, string>};
type Container = {name: string; envFrom?: Array<{configMapRef?: {name: string}}>};
type PodSpec = {initContainers?: Container[]; containers: Container[]};
type Manifest = {kind: string; metadata: Metadata; spec: PodSpec | {selector: {matchLabels: Record<string, string>}; template: {metadata: Metadata; spec: PodSpec}}};

// A key of labels or annotations: an optional DNS-subdomain prefix (at most 253) and '/', then a name of at most 63.
export function keyProblems(key: string): string[] {
	const slash = key.lastIndexOf('/');
	const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
	return [
		...(prefix !== undefined && (prefix.length > 253 || !dns1123Subdomain.test(prefix)) ? [`key ${key}: prefix is not a DNS subdomain of at most 253`] : []),
		...(name.length > 63 || !qualifiedName.test(name) ? [`key ${key}: name is not 1-63 of [A-Za-z0-9._-], alphanumeric at both ends`] : []),
	];
}

function metadataProblems({name, labels = {}, annotations = {}}: Metadata): string[] {
	return [
		...(name !== undefined && (name.length > 253 || !dns1123Subdomain.test(name)) ? [`name ${name}: not a DNS subdomain`] : []),
		...Object.entries(labels).flatMap(([key, value]) => [
			...keyProblems(key),
			...(value.length > 63 || !labelValue.test(value) ? [`label ${key}: value ${value} is not a label value`] : []),
		]),
		...Object.keys(annotations).flatMap(key => keyProblems(key)),
		...(Buffer.byteLength(Object.entries(annotations).flat().join('')) > 256 * 1024 ? ['annotations: over 256 KiB'] : []),
	];
}

function podProblems({initContainers = [], containers}: PodSpec): string[] {
	const all = [...initContainers, ...containers];
	const names = all.map(({name}) => name);
	return [
		...names.filter(name => name.length > 63 || !dns1123Label.test(name)).map(name => `container ${name}: not a DNS-1123 label`),
		...names.filter((name, index) => names.indexOf(name) !== index).map(name => `container ${name}: duplicate`),
		...all.flatMap(({envFrom = []}) => envFrom.map(({configMapRef}) => configMapRef?.name ?? ''))
			.filter(name => name !== '' && (name.length > 253 || !dns1123Subdomain.test(name))).map(name => `configMap ${name}: not a DNS subdomain`),
	];
}

// Every name and key the API server checks in our Deployment or Pod, as one list of problems (empty: accepted).
export function kubernetesNameProblems(manifest: Manifest): string[] {
	const {metadata, spec} = manifest;
	if ('template' in spec) {
		return [...metadataProblems(metadata), ...metadataProblems({labels: spec.selector.matchLabels}), ...metadataProblems(spec.template.metadata), ...podProblems(spec.template.spec)];
	}

	return [...metadataProblems(metadata), ...podProblems(spec)];
}
