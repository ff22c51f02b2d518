import type {Draft} from './draft.js';

// The names that usually mean "the application", in the order they win.
export const MAIN_NAMES = ['main', 'web', 'app', 'api', 'server'];

// Which process becomes main, and why: `--main`, else the first named main/web/app/api/server, else the first
// `preferred` one (process-compose's exit_on_end) that nothing depends on, else the first that nothing depends on,
// else the first. Returns undefined for a `--main` that names no process.
export function chooseMain(drafts: Draft[], requested: string | undefined, preferred?: (draft: Draft) => boolean): {name: string; why: string} | undefined {
	if (requested !== undefined) {
		return drafts.some(draft => draft.name === requested) ? {name: requested, why: 'chosen by --main'} : undefined;
	}

	const named = MAIN_NAMES.map(name => drafts.find(draft => draft.name === name)).find(draft => draft !== undefined);
	if (named !== undefined) {
		return {name: named.name, why: `named "${named.name}" (--main chooses another)`};
	}

	const needed = new Set(drafts.flatMap(draft => draft.dependsOn.map(edge => edge.name)));
	const favourite = preferred === undefined ? undefined : drafts.find(draft => preferred(draft) && !needed.has(draft.name));
	if (favourite !== undefined) {
		return {name: favourite.name, why: 'the first process whose end ends the source\'s unit and that nothing depends on (--main chooses another)'};
	}

	const top = drafts.find(draft => !needed.has(draft.name)) ?? drafts[0]!;
	return {name: top.name, why: `the first process nothing depends on (--main chooses another)`};
}
