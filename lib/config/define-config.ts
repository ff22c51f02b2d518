import type {SidecarConfig} from './types.js';

// Types only: gives editors completion for sidecar.config.ts and does nothing at run time.
export const defineConfig = (config: SidecarConfig): SidecarConfig => config;
