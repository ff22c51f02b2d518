import {defineConfig} from 'sidecar';

// Imported from huginn-Procfile by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	// Procfile for development:
	// removed 'web' for OpenShift, per https://github.com/cantino/huginn/issues/110#issuecomment-40561461
	// web: bundle exec rails server
	main: {
		command: 'bundle exec rails runner bin/schedule.rb',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (schedule is the 1st process)
			PORT: '5000',
		},
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		twitter: {
			command: 'bundle exec rails runner bin/twitter_stream.rb',
			env: {
				// foreman's PORT: 5000 + 100 × 1 (twitter is the 2nd process)
				PORT: '5100',
			},
			critical: true,
			restart: 'never',
		},
		// Possible Profile configuration for production:
		// web: bundle exec unicorn -c config/unicorn/production.rb
		// schedule: bundle exec rails runner bin/schedule.rb
		// twitter: bundle exec rails runner bin/twitter_stream.rb
		// dj: bundle exec script/delayed_job run
		dj: {
			command: 'bundle exec script/delayed_job run',
			env: {
				// foreman's PORT: 5000 + 100 × 2 (dj is the 3rd process)
				PORT: '5200',
			},
			critical: true,
			restart: 'never',
		},
	},
});
