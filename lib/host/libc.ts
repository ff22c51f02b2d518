import {createRequire} from 'node:module';

// The two libc calls Node lacks for init duties (docs/host.md, PID 1 and orphans).
export type Libc = {
	// prctl(PR_SET_CHILD_SUBREAPER, on): orphans of the supervisor's descendants are reparented to it, not to init.
	setChildSubreaper: (on: boolean) => boolean;
	// waitpid(pid, WNOHANG) of one zombie the caller has proven is not Node's own child (host/reaper.ts): true once reaped.
	reap: (pid: number) => boolean;
};

const PR_SET_CHILD_SUBREAPER = 36;
const WNOHANG = 1;

type Koffi = {load: (name: string) => {func: (signature: string) => (...args: unknown[]) => number}};

// glibc's soname, then musl's (Alpine), whose libc is its dynamic linker.
const LIBC_NAMES = ['libc.so.6', `/lib/ld-musl-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}.so.1`];

function openLibc(koffi: Koffi): ReturnType<Koffi['load']> {
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

const require = createRequire(import.meta.url);
const loadKoffi = () => require('koffi') as Koffi;

// koffi (an optional dependency: an FFI addon shipped prebuilt inside the package; its install script is not needed, docs/cli.md) calls libc
// directly. Loaded on first use, only on Linux: requiring it costs ~9 ms and ~3 MiB (docs/host.md). A host without it
// gets the reason in one line, never a crash.
export function loadLibc(load = loadKoffi, platform = process.platform): Libc | {error: string} {
	if (platform !== 'linux') {
		return {error: `not available on ${platform}`};
	}

	try {
		const libc = openLibc(load());
		const prctl = libc.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)');
		const waitpid = libc.func('int waitpid(int, _Out_ int *, int)');
		return {
			setChildSubreaper: on => prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) === 0,
			// Never waitpid(-1): that could take the status of a child libuv waits for, and Node would never see it exit.
			reap: pid => pid > 0 && waitpid(pid, [0], WNOHANG) === pid,
		};
	} catch (error) {
		return {error: `the optional package koffi could not be loaded (${(error as Error).message.split('\n')[0]})`};
	}
}
