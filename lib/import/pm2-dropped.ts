// Keys with nothing to carry over, and why (Unitech/pm2 lib/API/schema.json lists them).
export const DROPPED: Record<string, string> = {
	pid_file: 'sidecar writes no pid file: `sidecar status` shows each pid', pid: 'sidecar writes no pid file: `sidecar status` shows each pid',
	merge_logs: 'instances already write to one stream', combine_logs: 'instances already write to one stream',
	log_date_format: 'timestamps are set for the whole unit (logs.timestamps)', time: 'timestamps are set for the whole unit (logs.timestamps)',
	log_type: 'the log format is set for the whole unit (logs.format: json)', disable_logs: 'sidecar always prints the lines (logs.file is optional)',
	watch_options: 'chokidar options have no equivalent (watch.poll, watch.debounce)', kill_retry_time: 'sidecar sends SIGKILL once, after stopTimeout',
	shutdown_with_message: 'no IPC channel: the process is stopped with stopSignal', listen_timeout: 'bounds pm2\'s wait for `ready`: give a readiness probe its timeout',
	namespace: 'no namespaces: the unit is the group', vizion: 'pm2\'s version metadata', pmx: 'pm2\'s APM wrapper', automation: 'pm2\'s APM wrapper',
	source_map_support: 'add --enable-source-maps to node_args', disable_source_map_support: 'pm2\'s source map hook', trace: 'pm2\'s APM tracing',
	disable_trace: 'pm2\'s APM tracing', v8: 'pm2\'s APM', event_loop_inspector: 'pm2\'s APM', deep_monitoring: 'pm2\'s APM', io: 'pm2\'s APM',
	windowsHide: 'sidecar runs on Linux', force: 'sidecar never starts a second copy of a unit', append_env_to_name: 'names do not change with --env',
	filter_env: 'processes inherit the supervisor\'s environment', name_prefix: 'names are written as they are', install_url: 'pm2 module install',
	username: 'informational in pm2', post_update: 'pm2.io dashboard hook', execute_command: 'pm2 internal', write: 'pm2 internal',
};
