import type {ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// Kubernetes container names are DNS-1123 labels: lowercase letters, digits and '-', at most 63.
const dnsLabel = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/;

// The unit name as a resource or project name: "My_App" becomes "my-app" (the original goes in an annotation).
export const toDnsLabel = (name: string): string =>
	name.toLowerCase().replaceAll(/[^a-z\d]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'sidecar';

// Container names are not rewritten: SIDECAR_NAME, `--image NAME=…` and the annotations must keep matching.
export function checkContainerName(spec: ResolvedProcess): string {
	if (!dnsLabel.test(spec.name)) {
		throw new SidecarError(
			`unable to export ${spec.name}: Kubernetes container names allow lowercase letters, digits and '-' (at most 63); rename the sidecar`,
			EXIT.usage,
		);
	}

	return spec.name;
}
