import {flushed} from '../logs/sink.js';

// Exits with `code` once stdout and stderr hold nothing unwritten. A command returns only when its own work is done
// (`run` flushes its log sink itself), so what could still be queued is its output: Node writes pipes asynchronously
// outside Linux. process.exit() then skips Node's teardown of the heap and the environment, which a natural exit pays
// (~1–3 ms for `sidecar run`, docs/benchmarks.md).
export async function exitWhenFlushed(code: number): Promise<never> {
	await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
	process.exit(code);
}
