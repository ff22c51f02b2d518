import {defineConfig} from 'sidecar';

// Imported from mastodon-Procfile.dev by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	main: {
		command: 'PORT=3000 bundle exec puma -C config/puma.rb',
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		sidekiq: {
			command: 'PORT=3000 bundle exec sidekiq',
			critical: true,
			restart: 'never',
		},
		stream: {
			command: 'PORT=4000 yarn run start',
			critical: true,
			restart: 'never',
		},
		webpack: {
			command: './bin/webpack-dev-server --host 127.0.0.1',
			env: {
				// foreman's PORT: 5000 + 100 × 3 (webpack is the 4th process)
				PORT: '5300',
			},
			critical: true,
			restart: 'never',
		},
	},
});
