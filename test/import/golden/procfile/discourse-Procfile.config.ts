import {defineConfig} from 'sidecar';

// Imported from discourse-Procfile by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	main: {
		command: 'bundle exec rails server -p $PORT',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (web is the 1st process)
			PORT: '5000',
		},
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		worker: {
			command: 'bundle exec sidekiq -e $RAILS_ENV -c $SIDEKIQ_WORKERS',
			env: {
				// foreman's PORT: 5000 + 100 × 1 (worker is the 2nd process)
				PORT: '5100',
			},
			critical: true,
			restart: 'never',
		},
	},
});
