export {defineConfig} from './config/define-config.js';
export type * from './config/types.js';
