import {defineConfig} from 'sidecar';

// Imported from chatwoot-Procfile.dev by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	main: {
		command: 'bin/rails s -p 3000',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (backend is the 1st process)
			PORT: '5000',
		},
	},
	// foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: 'never'); set restart: 'always' to keep them running, as overmind -r does.
	sidecars: {
		// https://github.com/mperham/sidekiq/issues/3090#issuecomment-389748695
		worker: {
			command: 'dotenv bundle exec sidekiq -C config/sidekiq.yml',
			env: {
				// foreman's PORT: 5000 + 100 × 1 (worker is the 2nd process)
				PORT: '5100',
			},
			critical: true,
			restart: 'never',
		},
		vite: {
			command: 'bin/vite dev',
			env: {
				// foreman's PORT: 5000 + 100 × 2 (vite is the 3rd process)
				PORT: '5200',
			},
			critical: true,
			restart: 'never',
		},
	},
});
