import net from 'node:net';

// A TCP port on 127.0.0.1 that nothing listens on right now (a closed port, or one for a fixture server to take).
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

// `count` consecutive free ports on 127.0.0.1 (replicas with `port: base`): a random base, tried until all bind.
export async function freePortRange(count: number): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const base = 20_000 + Math.floor(Math.random() * 30_000);
		const servers: net.Server[] = [];
		const bound = await Promise.all(Array.from({length: count}, async (_, index) => new Promise<boolean>(resolve => {
			const server = net.createServer();
			servers.push(server);
			server.once('error', () => resolve(false));
			server.listen(base + index, '127.0.0.1', () => resolve(true));
		})));
		await Promise.all(servers.map(async server => new Promise(resolve => server.listening ? server.close(resolve) : resolve(undefined))));
		if (bound.every(Boolean)) {
			return base;
		}
	}

	throw new Error(`no ${count} consecutive free ports found`);
}
