import {mkdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import ts from 'typescript';
import {makeProject} from '../helpers/project.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

const good = `import {defineConfig} from 'sidecar';
import type {ResolvedConfig} from 'sidecar';

export const resolved: ResolvedConfig | undefined = undefined;
export default defineConfig({
	name: 'shop',
	main: {command: ['node', 'server.js'], readiness: {http: 'http://127.0.0.1:8080/healthz', timeout: '30s'}, stopTimeout: 10_000, stopSignal: 'SIGINT'},
	sidecars: {
		logship: {
			command: 'node ship.js',
			readiness: {tcp: 9000, timeout: '2m', interval: '250ms'},
			liveness: {http: 'http://127.0.0.1:9000/healthz', interval: '5s', failureThreshold: 3},
			limits: {memory: '256MiB', cpu: 0.5},
			backoff: {initial: '100ms', max: '30s', factor: 2, resetAfter: '1h'},
			maxRestarts: {count: 3, window: '60s'},
			logs: {file: 'logs/ship.log', maxSize: '10MiB', keep: 5},
			stopTimeout: '1.5s',
		},
	},
	signals: {SIGHUP: 'main', SIGUSR2: ['logship']},
	logs: {format: 'json'},
	metrics: {port: 9464},
});
`;

// One mistake per line, from line 3 on: each must be the only diagnostic on its line.
const bad = `import {defineConfig} from 'sidecar';
export default defineConfig({
	main: {command: 'a', stopTimeout: '10 seconds'},
	sidecars: {a: {command: 'b', limits: {memory: '12 bananas'}},
		b: {command: 'c', stopSignal: 'SIGFOO'},
		c: {command: 'd', restart: 'sometimes'},
		d: {command: 'e', comand: 'typo'},
		e: {command: 'f', readiness: {tcp: 1, timeout: '30 sec'}},
	},
});
`;

// A project with sidecar installed in node_modules (a link to this checkout, built).
function withSidecar(t: ExecutionContext, files: Record<string, string>): string {
	const project = makeProject(t, files);
	mkdirSync(path.join(project, 'node_modules'));
	symlinkSync(REPO, path.join(project, 'node_modules', 'sidecar'));
	return project;
}

// Compiles `files` as a user's project would: sidecar installed in node_modules, strict, no @types/node at all.
function compile(t: ExecutionContext, files: Record<string, string>) {
	const project = withSidecar(t, files);
	const program = ts.createProgram(Object.keys(files).map(file => path.join(project, file)), {
		strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
		lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: false,
	});
	const diagnostics = ts.getPreEmitDiagnostics(program).map(diagnostic => ({
		file: diagnostic.file ? path.relative(project, diagnostic.file.fileName) : '',
		line: diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start!).line + 1 : 0,
		message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
	}));
	return {diagnostics, sources: program.getSourceFiles().map(source => source.fileName)};
}

test('a good config compiles with no @types/node in the program', t => {
	const {diagnostics, sources} = compile(t, {'sidecar.config.ts': good});
	t.deepEqual(diagnostics, []);
	t.false(sources.some(file => file.includes('@types/node')));
	t.true(sources.some(file => file.endsWith('dist/lib/config/types.d.ts')));
});

test('bad durations, sizes, signals, choices and keys are compile errors on their own lines', t => {
	const {diagnostics} = compile(t, {'sidecar.config.ts': bad});
	t.deepEqual(diagnostics.map(({line}) => line), [3, 4, 5, 6, 7, 8], JSON.stringify(diagnostics, null, 2));
	const [duration, size, signal, restart, key, timeout] = diagnostics.map(({message}) => message);
	t.regex(duration!, /"10 seconds"/);
	t.regex(size!, /"12 bananas"/);
	t.regex(signal!, /"SIGFOO"/);
	t.regex(restart!, /"sometimes"/);
	t.regex(key!, /'comand' does not exist/);
	t.regex(timeout!, /"30 sec"/);
});

test('every key of the config types carries a doc comment for editor hovers', t => {
	const project = withSidecar(t, {'probe.ts': 'import type {SidecarConfig} from \'sidecar\';\nexport type Config = SidecarConfig;\n'});
	const program = ts.createProgram([path.join(project, 'probe.ts')], {strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: []});
	const checker = program.getTypeChecker();
	const alias = program.getSourceFile(path.join(project, 'probe.ts'))!.statements.find(ts.isTypeAliasDeclaration)!;
	const documented: string[] = [];
	const undocumented: string[] = [];
	const seen = new Set<ts.Type>();
	// Walks object types through unions, intersections and records (`sidecars.*`); signal names are keys, not settings.
	const visit = (type: ts.Type, at: string): void => {
		if (seen.has(type) || at === 'config.signals') {
			return;
		}

		seen.add(type);
		if (type.isUnion() || type.isIntersection()) {
			type.types.forEach(member => visit(member, at));
			return;
		}

		if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type) || checker.isTupleType(type)) {
			return;
		}

		for (const property of type.getProperties()) {
			const name = `${at}.${property.name}`;
			(ts.displayPartsToString(property.getDocumentationComment(checker)).trim() === '' ? undocumented : documented).push(name);
			visit(checker.getNonNullableType(checker.getTypeOfSymbol(property)), name);
		}

		const values = checker.getIndexTypeOfType(type, ts.IndexKind.String);
		if (values !== undefined) {
			visit(values, `${at}.*`);
		}
	};

	visit(checker.getTypeAtLocation(alias.name), 'config');
	t.deepEqual([...new Set(undocumented)], []);
	for (const key of ['config.main.stopTimeout', 'config.sidecars.*.backoff.initial', 'config.main.readiness.tcp', 'config.metrics.port', 'config.main.limits.memory']) {
		t.true(documented.includes(key), key);
	}
});
