const units = [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const;

// CPU in cores as a Kubernetes quantity: 1 → "1", 0.5 → "500m" (millicores, at least 1m).
export const k8sCpu = (cores: number): string =>
	Number.isInteger(cores) ? String(cores) : `${Math.max(1, Math.round(cores * 1000))}m`;

// Bytes in the largest binary unit that divides them exactly: "1Gi", "256Mi", else plain bytes.
export const quantityMemory = (bytes: number, style: 'kubernetes' | 'compose'): string => {
	const [suffix, size] = units.find(([, size]) => bytes % size === 0) ?? ['', 1];
	// Compose (docker's RAMInBytes) reads "256m" as 256 MiB: binary units, lower case, no "i".
	return `${bytes / size}${style === 'compose' ? suffix.charAt(0).toLowerCase() : suffix}`;
};

// Milliseconds as a compose/Go duration: "10s", "1500ms".
export const composeDuration = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

// Milliseconds as whole seconds, rounded up, at least `min` (Kubernetes probe fields are whole seconds).
export const toSeconds = (ms: number, min = 1): number => Math.max(min, Math.ceil(ms / 1000));
