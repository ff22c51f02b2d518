import test from 'ava';
import {watchLines} from '../../lib/cli/watch-lines.js';
import {resolveConfig} from '../../lib/config/resolve.js';

// `sidecar check`'s note per watch (docs/watch.md): paths, action, when, debounce; a group once.

test('each watch in one line: what it watches, what a change does, when it runs', t => {
	const config = resolveConfig({name: 'shop', main: {command: 'node app.js', watch: {paths: ['src'], cascade: true}}, sidecars: {
		nginx: {command: 'nginx', watch: {paths: ['/etc/nginx'], action: {exec: 'nginx -t', then: {signal: 'SIGHUP'}}}},
		worker: {command: 'w', replicas: 3, watch: {paths: ['jobs'], action: {signal: 'SIGUSR2', to: 'group'}, poll: '2s', when: 'dev'}},
	}}, '/srv/shop');
	t.deepEqual(watchLines(config), [
		'main watches /srv/shop/src: a change restarts it, then its dependents restart; under `sidecar run --watch`; debounce 300ms',
		'sidecars.nginx watches /etc/nginx: a change runs `nginx -t` first (the process is left as it is if that fails), then sends SIGHUP to it; always (`--no-watch` turns it off); debounce 300ms',
		'sidecars.worker watches /srv/shop/jobs: a change sends SIGUSR2 to its process group; under `sidecar run --watch`; polled every 2s, debounce 300ms',
	]);
});
