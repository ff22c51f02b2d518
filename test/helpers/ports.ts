import net from 'node:net';

// A TCP port on 127.0.0.1 that nothing listens on right now (a closed port, or one for a fixture server to take).
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
