import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import type {ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// Who a child runs as: numeric ids for spawn, and the login variables a program expects for that user.
export type Identity = {uid: number; gid: number; env: Record<string, string>};

type Entry = {name: string; id: number; gid: number; home: string};
export type UserDatabase = {user: (key: string | number) => Entry | null; group: (key: string | number) => number | null};

// `/etc/passwd` and `/etc/group` first (no fork), then `id` and `getent` for users from NSS (LDAP, sssd, systemd-homed):
// one run per lookup, since the answer is read again at every spawn.
export const systemUsers: UserDatabase = {
	user(key) {
		const fields = findLine('/etc/passwd', key);
		if (fields !== null) {
			return {name: fields[0]!, id: Number(fields[2]), gid: Number(fields[3]), home: fields[5] ?? '/'};
		}

		// `uid=1000(app) gid=1000(app) groups=…`, the format POSIX gives `id` with no options.
		const ids = /^uid=(\d+)(?:\(([^)]*)\))? gid=(\d+)/.exec(ask('id', [String(key)]) ?? '');
		return ids === null ? null : {name: ids[2] || String(key), id: Number(ids[1]), gid: Number(ids[3]), home: '/'};
	},
	group(key) {
		const fields = findLine('/etc/group', key);
		if (fields !== null) {
			return Number(fields[2]);
		}

		const line = ask('getent', ['group', String(key)]);
		return line === null ? null : Number(line.split(':')[2]);
	},
};

// A `user`/`group` of the config → numeric ids (the user's primary group unless `group` is set), or null when
// neither is set. Only root may switch; a non-root supervisor may still name itself.
export function resolveIdentity(spec: Pick<ResolvedProcess, 'name' | 'user' | 'group'>, users: UserDatabase = systemUsers, self = currentIds()): Identity | null {
	if (spec.user === null && spec.group === null) {
		return null;
	}

	const who = spec.user === null ? `group ${spec.group}` : `user ${spec.user}`;
	const fail = (reason: string) => new SidecarError(`unable to run ${spec.name} as ${who}: ${reason}`, EXIT.config);
	const entry = spec.user === null ? null : users.user(asId(spec.user));
	if (spec.user !== null && entry === null && typeof asId(spec.user) === 'string') {
		throw fail('no such user');
	}

	const uid = spec.user === null ? self.uid : entry?.id ?? Number(spec.user);
	const gid = spec.group === null ? entry?.gid ?? uid : users.group(asId(spec.group));
	if (gid === null) {
		throw fail(`no such group ${spec.group}`);
	}

	if (self.uid !== 0 && (uid !== self.uid || gid !== self.gid)) {
		throw fail('the supervisor is not root');
	}

	const env: Record<string, string> = entry === null ? {} : {USER: entry.name, LOGNAME: entry.name, HOME: entry.home};
	return {uid, gid, env};
}

// Every process's identity, checked before anything starts, so a bad `user` fails the start-up with one clear line.
export function checkIdentities(specs: ReadonlyArray<Pick<ResolvedProcess, 'name' | 'user' | 'group'>>, users: UserDatabase = systemUsers): void {
	for (const spec of specs) {
		resolveIdentity(spec, users);
	}
}

const LOOKUP_TIMEOUT = 5000;

const currentIds = () => ({uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0});

// "65534" in a YAML or JSON config means the id, as it does for chown.
const asId = (value: string | number): string | number => typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

function findLine(file: string, key: string | number): string[] | null {
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return null;
	}

	for (const line of text.split('\n')) {
		const fields = line.split(':');
		if (typeof key === 'string' ? fields[0] === key : fields[2] === String(key)) {
			return fields;
		}
	}

	return null;
}

// Synchronous, as spawns are: a lookup that hangs (an LDAP server away) holds the supervisor until its timeout, so
// it is SIGKILLed then rather than asked to stop, which NSS code in a blocking call may never act on.
function ask(file: string, args: string[]): string | null {
	try {
		return execFileSync(file, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: LOOKUP_TIMEOUT, killSignal: 'SIGKILL'}).trim() || null;
	} catch {
		return null;
	}
}
