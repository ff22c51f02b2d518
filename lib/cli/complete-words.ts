import {constants} from 'node:os';
import {COMMANDS, findCommand, HELP_OPTION, type CommandSpec} from './specs.js';

// The unit's process names, looked up only when a position wants them; empty when no unit is running.
export type NameSource = (kind: 'processes' | 'sidecars' | 'groups') => Promise<string[]>;

// The words typed after `sidecar` (the last one is being typed, maybe '') → the candidates for it.
// An empty answer lets the shell fall back to file names (a --config FILE, a command after `--`).
export async function completeWords(words: readonly string[], names: NameSource): Promise<string[]> {
	const current = words.at(-1) ?? '';
	const before = words.slice(0, -1);
	const matching = (candidates: readonly string[]) => candidates.filter(candidate => candidate.startsWith(current));
	if (before.length === 0) {
		return matching(COMMANDS.map(command => command.name));
	}

	const spec = findCommand(before[0]!);
	if (spec === undefined || (spec.trailing && before.includes('--'))) {
		return [];
	}

	const previous = optionNamed(spec, before.at(-1)!);
	if (previous?.value !== undefined) {
		return matching(previous.choices ?? []);
	}

	if (current.startsWith('-')) {
		return matching([...spec.options, HELP_OPTION].map(option => `--${option.name}`));
	}

	return matching(await positionalCandidates(spec, countPositionals(spec, before.slice(1)), names));
}

const optionNamed = (spec: CommandSpec, word: string) =>
	spec.options.find(option => word === `--${option.name}` || (option.short !== undefined && word === `-${option.short}`));

// Positionals already typed: words that are neither options nor an option's value.
function countPositionals(spec: CommandSpec, words: readonly string[]): number {
	let count = 0;
	for (let index = 0; index < words.length; index++) {
		const option = optionNamed(spec, words[index]!);
		if (option?.value !== undefined) {
			index++;
		} else if (!words[index]!.startsWith('-')) {
			count++;
		}
	}

	return count;
}

async function positionalCandidates(spec: CommandSpec, index: number, names: NameSource): Promise<readonly string[]> {
	const rule = spec.positionals;
	if (rule === undefined || index >= rule.max) {
		return [];
	}

	if (spec.name === 'help') {
		return COMMANDS.map(command => command.name);
	}

	if (spec.name === 'signal' && index === 1) {
		return Object.keys(constants.signals);
	}

	return rule.choices ?? (rule.completes === undefined ? [] : names(rule.completes));
}
