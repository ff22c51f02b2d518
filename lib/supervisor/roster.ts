import type {UnitMember} from '../process/unit-member.js';

// The unit's processes and the order they first started in (shutdown walks it backwards). The one owner of both:
// reload asks it to remove and add, nothing else edits them.
export class Roster {
	readonly #byName = new Map<string, UnitMember>();
	readonly #started: UnitMember[] = [];

	constructor(readonly main: UnitMember, sidecars: readonly UnitMember[]) {
		for (const member of [main, ...sidecars]) {
			this.#byName.set(member.name, member);
		}
	}

	get(name: string): UnitMember | undefined {
		return this.#byName.get(name);
	}

	// Main, then the sidecars in config order.
	all(): UnitMember[] {
		return [...this.#byName.values()];
	}

	sidecars(): UnitMember[] {
		return this.all().filter(member => member !== this.main);
	}

	// First-start order.
	started(): readonly UnitMember[] {
		return this.#started;
	}

	hasStarted(member: UnitMember): boolean {
		return this.#started.includes(member);
	}

	markStarted(member: UnitMember): void {
		if (!this.#started.includes(member)) {
			this.#started.push(member);
		}
	}

	// Reload: the named sidecars leave (they are stopped already).
	remove(names: ReadonlySet<string>): void {
		for (const name of names) {
			this.#byName.delete(name);
		}

		const kept = this.#started.filter(member => !names.has(member.name));
		this.#started.splice(0, this.#started.length, ...kept);
	}

	// Scale: new instances after `previous` (the group's last one that stays; null: none stays, they go last).
	insertAfter(previous: string | null, members: readonly UnitMember[]): void {
		const sidecars = this.sidecars();
		const at = previous === null ? sidecars.length : sidecars.findIndex(member => member.name === previous) + 1;
		sidecars.splice(at, 0, ...members);
		this.setSidecars(sidecars);
	}

	// Reload: the sidecars in their new config order, new ones included.
	setSidecars(sidecars: readonly UnitMember[]): void {
		this.#byName.clear();
		this.#byName.set(this.main.name, this.main);
		for (const member of sidecars) {
			this.#byName.set(member.name, member);
		}
	}
}
