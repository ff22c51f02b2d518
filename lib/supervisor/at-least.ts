// Resolves once `wanted` of the jobs have (at most all of them); rejects with the error that made it impossible once
// too many have failed. Every rejection is handled: a replica that fails keeps restarting by its policy meanwhile.
export async function atLeast(jobs: ReadonlyArray<Promise<unknown>>, wanted: number): Promise<void> {
	const needed = Math.min(wanted, jobs.length);
	let done = 0;
	let failed = 0;
	await new Promise<void>((resolve, reject) => {
		if (needed === 0) {
			resolve();
		}

		for (const job of jobs) {
			job.then(() => {
				if (++done === needed) {
					resolve();
				}
			}, (error: unknown) => {
				if (++failed === jobs.length - needed + 1) {
					reject(error);
				}
			});
		}
	});
}
