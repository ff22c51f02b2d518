import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';

// Each script asks `sidecar __complete -- WORDS...` for the candidates (commands/complete.ts), so commands, options,
// choices and the running unit's process names come from one place; with no candidate, the shell completes files.
const SCRIPTS: Record<string, string> = {
	bash: `# sidecar completion for bash; in ~/.bashrc: source <(sidecar completion bash)
_sidecar_complete() {
	local IFS=$'\\n'
	COMPREPLY=($(sidecar __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _sidecar_complete sidecar
`,
	zsh: `#compdef sidecar
# sidecar completion for zsh: sidecar completion zsh > "\${fpath[1]}/_sidecar", or in ~/.zshrc: source <(sidecar completion zsh)
_sidecar() {
	local -a candidates
	candidates=("\${(@f)$(sidecar __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
	candidates=("\${(@)candidates:#}")
	if (( \${#candidates} )); then
		compadd -a candidates
	else
		_files
	fi
}
if [[ "\${funcstack[1]}" == _sidecar ]]; then
	_sidecar "$@"
else
	compdef _sidecar sidecar
fi
`,
	fish: `# sidecar completion for fish: sidecar completion fish > ~/.config/fish/completions/sidecar.fish
complete -c sidecar -f -a '(sidecar __complete -- (commandline -opc)[2..-1] (commandline -ct))'
complete -c sidecar -n '__fish_seen_subcommand_from run check export' -l config -r -F
complete -c sidecar -n '__fish_seen_subcommand_from status restart signal stop reload logs top' -l socket -r -F
`,
};

// `sidecar completion bash|zsh|fish`: print the script for that shell.
export async function completion(args: string[]): Promise<number> {
	const {positionals} = parseCommand('completion', args);
	await printOut(SCRIPTS[positionals[0]!]!);
	return EXIT.ok;
}
