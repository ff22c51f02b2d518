// One attempt's verdict. A failure says why (`status 500`, `connect ECONNREFUSED 127.0.0.1:9000`, `exit code 1`):
// the last reason is shown when start-up gives up and when liveness reports a process unhealthy.
export type ProbeResult = {passed: true} | {passed: false; reason: string};

// The one verdict of a check that passed.
export const PASSED: ProbeResult = {passed: true};

// The verdict of a check that failed, with why.
export const failed = (reason: string): ProbeResult => ({passed: false, reason});
