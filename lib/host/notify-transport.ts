// How sd_notify messages reach systemd: one datagram per call, holding `assignments` joined by newlines.
// Resolves to null once the message was handed over, else to why it was not; it never rejects.
export type NotifyTransport = {
	// 'datagram' (the supervisor's own socket) or 'systemd-notify' (a helper run per message), shown in docs/host.md.
	kind: 'datagram' | 'systemd-notify';
	send: (assignments: readonly string[]) => Promise<string | null>;
	close: () => void;
};
