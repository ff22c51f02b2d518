// The example app: answers HTTP on PORT; reloads its greeting on SIGUSR1 without restarting.
import http from 'node:http';
import {readFileSync} from 'node:fs';

const port = Number(process.env.PORT ?? 8080);
const readGreeting = () => {
	try {
		return readFileSync(new URL('greeting.txt', import.meta.url), 'utf8').trim();
	} catch {
		return 'hello';
	}
};

let greeting = readGreeting();
process.on('SIGUSR1', () => {
	greeting = readGreeting();
	console.log(`reloaded greeting: ${greeting}`);
});

const server = http.createServer((request, response) => {
	console.log(`${request.method} ${request.url}`);
	response.end(request.url === '/healthz' ? 'ok\n' : `${greeting} from pid ${process.pid}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
