import type {ResolvedConfig, ResolvedDependency, ResolvedProcess} from '../config/types.js';

// One dependsOn edge with its dependent's name, as the exporters list them.
export type Edge = ResolvedDependency & {dependent: string};

// Main's edges: its own dependsOn, or (none declared) every 'before' entry, ready (docs/lifecycle.md, Dependencies).
export const mainEdges = (config: ResolvedConfig): ResolvedDependency[] =>
	config.main.dependsOn.length > 0
		? config.main.dependsOn
		: config.sidecars.filter(spec => spec.start === 'before').map(({name}) => ({name, condition: 'ready', onRestart: 'none'}));

// Every edge of the unit, main's first.
export const unitEdges = (config: ResolvedConfig): Edge[] => [
	...mainEdges(config).map(edge => ({...edge, dependent: config.main.name})),
	...config.sidecars.flatMap(spec => edgesOf(spec)),
];

const edgesOf = (spec: ResolvedProcess): Edge[] => spec.dependsOn.map(edge => ({...edge, dependent: spec.name}));

// `proxy (started, onRestart SIGHUP)`, or the name alone for a plain edge: an edge in an annotation.
export const edgeText = (edge: ResolvedDependency): string => isPlainEdge(edge)
	? edge.name
	: `${edge.name} (${edge.condition}${edge.onRestart === 'none' ? '' : `, onRestart ${edge.onRestart === 'restart' ? 'restart' : edge.onRestart.signal}`})`;

// `main → proxy (started, onRestart SIGHUP)`: an edge in a comment.
export const describeEdge = (edge: Edge): string => `${edge.dependent} → ${edgeText(edge)}`;

// Anything beyond "wait until ready", which an exporter that only orders starts cannot carry.
export const isPlainEdge = ({condition, onRestart}: ResolvedDependency): boolean => condition === 'ready' && onRestart === 'none';
