import {createRequire} from 'node:module';

// What the supervisor uses of koffi (an optional dependency: an FFI addon shipped prebuilt inside the package; its
// install script is not needed, docs/cli.md): a library opened by name, and C functions from it by signature.
export type Koffi = {load: (name: string) => {func: (signature: string) => (...args: unknown[]) => number}};

// Requiring koffi costs ~9 ms and ~3 MiB (docs/host.md): callers load it on first use, only where they need it.
export const loadKoffi = (): Koffi => createRequire(import.meta.url)('koffi') as Koffi;

// glibc's soname, then musl's (Alpine), whose libc is its dynamic linker.
const LIBC_NAMES = ['libc.so.6', `/lib/ld-musl-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}.so.1`];

// The C library through koffi; throws the first library's error when none opens (host/libc.ts, sockets/libc-socket.ts).
export function openLibc(koffi: Koffi): ReturnType<Koffi['load']> {
	let first: unknown;
	for (const name of LIBC_NAMES) {
		try {
			return koffi.load(name);
		} catch (error) {
			first ??= error;
		}
	}

	throw first;
}
