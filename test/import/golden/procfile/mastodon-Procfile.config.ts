import {defineConfig} from 'sidecar';

// Imported from mastodon-Procfile by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	// foreman runs Procfile.heroku's processes under this one: import Procfile.heroku too to supervise each on its own
	main: {
		command: 'bundle exec foreman start -f Procfile.heroku',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (web is the 1st process)
			PORT: '5000',
		},
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		worker: {
			command: 'bundle exec sidekiq',
			env: {
				// foreman's PORT: 5000 + 100 × 1 (worker is the 2nd process)
				PORT: '5100',
			},
			critical: true,
			restart: 'never',
		},
		// Heroku's release phase: a task that completes before main starts
		release: {
			command: 'bundle exec rails db:migrate',
			run: 'once',
			start: 'before',
			env: {
				PORT: '5200',
			},
		},
	},
});
