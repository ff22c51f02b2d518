import type {HostWorld} from '../world.js';
import type {SpawnChild} from './spawn.js';

// Everything a unit touches outside itself, built once by `sidecar run` and passed down (docs/architecture.md, One
// world); each helper takes the view it needs (`Pick<World, 'now' | 'sleep'>`). Tests pass test/helpers/fake-world.ts.
export type World = HostWorld & {spawn: SpawnChild};
