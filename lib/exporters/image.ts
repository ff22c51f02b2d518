import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// `--image NAME=IMAGE` as a map from process name (`main` for the main process) to image.
export type ImageMap = Readonly<Record<string, string>>;

const lookup = (spec: ResolvedProcess, images: ImageMap): string | undefined => {
	const image = Object.hasOwn(images, spec.name) ? images[spec.name] : spec.image;
	return image === undefined || image === null || image === '' ? undefined : image;
};

const missing = (name: string): string =>
	`unable to export ${name}: it has no image (set \`image\` in its config, or pass --image ${name}=IMAGE)`;

// A container needs an image: `--image` wins over the process's own `image`; neither is a usage error.
export function imageFor(spec: ResolvedProcess, images: ImageMap = {}): string {
	const image = lookup(spec, images);
	if (image === undefined) {
		throw new SidecarError(missing(spec.name), EXIT.usage);
	}

	return image;
}

// Every container of the export without an image, one line each, in one run (not one per try: issue 22).
export function checkImages(containers: readonly ResolvedProcess[], images: ImageMap = {}): void {
	const lines = containers.filter(spec => lookup(spec, images) === undefined).map(spec => missing(spec.name));
	if (lines.length > 0) {
		throw new SidecarError(lines.join('\n'), EXIT.usage);
	}
}

// A misspelt `--image logshipper=…` would otherwise be ignored in silence.
export function checkImageNames(config: ResolvedConfig, images: ImageMap = {}): void {
	const names = [config.main.name, ...config.sidecars.map(sidecar => sidecar.name)];
	const unknown = Object.keys(images).filter(name => !names.includes(name));
	if (unknown.length > 0) {
		throw new SidecarError(
			`unable to export: --image ${unknown[0]}=… names no process (known: ${names.join(', ')})`,
			EXIT.usage,
		);
	}
}
