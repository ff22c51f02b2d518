import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// `--image NAME=IMAGE` as a map from process name (`main` for the main process) to image.
export type ImageMap = Readonly<Record<string, string>>;

// A container needs an image: `--image` wins over the process's own `image`; neither is a usage error.
export function imageFor(spec: ResolvedProcess, images: ImageMap = {}): string {
	const image = Object.hasOwn(images, spec.name) ? images[spec.name] : spec.image;
	if (image === undefined || image === null || image === '') {
		throw new SidecarError(
			`unable to export ${spec.name}: it has no image (set \`image\` in its config, or pass --image ${spec.name}=IMAGE)`,
			EXIT.usage,
		);
	}

	return image;
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
