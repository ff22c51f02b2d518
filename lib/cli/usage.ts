// `sidecar help`: every command with its options.
export const USAGE = `Usage: sidecar COMMAND [options]

  run [--config FILE] [--name NAME] [--log-format pretty|json] [-- MAIN COMMAND...]
                         run main and its sidecars as one unit (no config needed with -- COMMAND)
  check [--config FILE]  validate and print the resolved config; exit 78 when invalid
  init                   write a commented sidecar.config.ts in the working directory
  export systemd|kubernetes|compose [--config FILE] [--image NAME=IMAGE]... [--kind deployment|pod]
                         print the unit for another runtime
  status [--json]        every process: state, pid, uptime, restarts, cpu, memory, ready, enforcement
  restart NAME | --main  restart one sidecar (or main) and wait until it is ready
  signal NAME SIGNAL     send a signal to one process's group
  stop                   graceful shutdown of the whole unit
  reload                 re-read the config and apply only the difference
  logs [NAME] [--follow] [--lines N]
                         recent lines kept by the supervisor, then new ones with --follow
  top [--interval MS] [--count N]
                         live cpu and memory per process; q or Ctrl-C quits
                         (these find the unit by --name NAME, --socket PATH, the config's name, or the directory name)
  help                   this text
  version                the version of sidecar

Exit codes: 0 ok, 64 usage, 69 start-up failed, 70 a critical sidecar went fatal,
78 invalid config, otherwise main's code (128+N when main died of signal N);
1 when a control command finds no running unit.
`;
