// A sidecar: says it is ready, then reports a heartbeat; a real one would tail and ship logs.
console.log('shipper ready');
setInterval(() => console.log(`shipped batch at ${new Date().toISOString()}`), 10_000);
process.on('SIGTERM', () => process.exit(0));
