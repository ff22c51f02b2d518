import {ImportError, type Importer} from './types.js';

// A stub so the CLI compiles; the compose importer lives on branch import-b (issue 26).
export const importCompose: Importer = () => {
	throw new ImportError('not yet', 1, 1);
};
