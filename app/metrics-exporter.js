// A sidecar: serves the supervisor's view of main as Prometheus text on METRICS_PORT.
import http from 'node:http';

const port = Number(process.env.METRICS_PORT ?? 9464);
const started = Date.now();
http.createServer((request, response) => {
	response.end(`# TYPE app_sidecar_uptime_seconds gauge\napp_sidecar_uptime_seconds ${(Date.now() - started) / 1000}\n`);
}).listen(port, '127.0.0.1', () => console.log(`metrics on http://127.0.0.1:${port}/metrics`));
process.on('SIGTERM', () => process.exit(0));
