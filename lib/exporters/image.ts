import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// `--image NAME=IMAGE` as a map from process name (`main` for the main process) to image.
export type ImageMap = Readonly<Record<string, string>>;

// `--image worker=…` names a replicated sidecar's every instance; `--image worker-1=…` one of them.
const lookup = (spec: ResolvedProcess, images: ImageMap): string | undefined => {
	const group = spec.replica?.group;
	const image = Object.hasOwn(images, spec.name) ? images[spec.name] : group !== undefined && Object.hasOwn(images, group) ? images[group] : spec.image;
	return image === undefined || image === null || image === '' ? undefined : image;
};

const missing = (name: string): string =>
	`unable to export ${name}: it has no image (set \`image\` in its config, or pass --image ${name}=IMAGE)`;

// An instance without an image is its group's to fix: said once, by the group's name.
const missingName = (spec: ResolvedProcess): string => spec.replica?.group ?? spec.name;

// A container needs an image: `--image` wins over the process's own `image`; neither is a usage error.
export function imageFor(spec: ResolvedProcess, images: ImageMap = {}): string {
	const image = lookup(spec, images);
	if (image === undefined) {
		throw new SidecarError(missing(missingName(spec)), EXIT.usage);
	}

	return image;
}

// Every container of the export without an image, one line each, in one run (not one per try: issue 22).
export function checkImages(containers: readonly ResolvedProcess[], images: ImageMap = {}): void {
	const lines = [...new Set(containers.filter(spec => lookup(spec, images) === undefined).map(spec => missing(missingName(spec))))];
	if (lines.length > 0) {
		throw new SidecarError(lines.join('\n'), EXIT.usage);
	}
}

// A misspelt `--image logshipper=…` would otherwise be ignored in silence.
export function checkImageNames(config: ResolvedConfig, images: ImageMap = {}): void {
	const names = [config.main.name, ...config.groups.map(group => group.name), ...config.sidecars.map(sidecar => sidecar.name)];
	const unknown = Object.keys(images).filter(name => !names.includes(name));
	if (unknown.length > 0) {
		throw new SidecarError(
			`unable to export: --image ${unknown[0]}=… names no process (known: ${names.join(', ')})`,
			EXIT.usage,
		);
	}
}
