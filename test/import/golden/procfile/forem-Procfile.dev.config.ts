import {defineConfig} from 'sidecar';

// Imported from forem-Procfile.dev by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	main: {
		command: 'bin/rails s -p 3000 -b 0.0.0.0',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (web is the 1st process)
			PORT: '5000',
		},
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		sidekiq: {
			command: 'bundle exec sidekiq',
			env: {
				// foreman's PORT: 5000 + 100 × 1 (sidekiq is the 2nd process)
				PORT: '5100',
			},
			critical: true,
			restart: 'never',
		},
		js: {
			command: 'yarn build --watch',
			env: {
				// foreman's PORT: 5000 + 100 × 2 (js is the 3rd process)
				PORT: '5200',
			},
			critical: true,
			restart: 'never',
		},
	},
});
