# parley.bash - bash completion for parley(1)
#
# Installed as share/bash-completion/completions/parley; in a source checkout, source
# it by hand (`. completion/parley.bash`) and complete ./build/release/parley too.
# It asks the parley being completed what may come next (`parley complete -- WORDS`,
# see parley-complete(1)), so commands, options and values come from that parley's own
# command table and can never disagree with it. Needs nothing of bash-completion.

_parley()
{
	local cmd=$1 cur=${COMP_WORDS[COMP_CWORD]} i w join=0 out kind pre
	local -a words=()

	[[ $cmd == "~/"* ]] && cmd=$HOME/${cmd#"~/"}
	# bash splits words at = and : (COMP_WORDBREAKS); parley wants them whole:
	# side = captive -> side=captive, --head 12 : ab -> --head 12:ab
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == [=:] ]] && ((${#words[@]})); then
			words[-1]+=$w
			join=1
		elif ((join)); then
			words[-1]+=$w
			join=0
		else
			words+=("$w")
		fi
	done
	((${#words[@]})) || words=("")
	[[ $cur == [=:] ]] && cur=
	# what readline replaces is the text after the last = or :, so the candidates,
	# which are whole words, lose what comes before it
	pre=${words[-1]%"$cur"}

	out=$("$cmd" complete -- "${words[@]}" 2>/dev/null) || return 0
	kind=${out%%$'\n'*}
	[[ $out == *$'\n'* ]] && out=${out#*$'\n'} || out=
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w && $w == "$pre"* ]] && COMPREPLY+=("${w#"$pre"}")
	done <<<"$out"
	if [[ $kind == files ]]; then
		compopt -o filenames 2>/dev/null
		while IFS= read -r w; do
			COMPREPLY+=("$w")
		done < <(compgen -f -- "$cur")
	elif ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null # FIELD=: the value comes next
	fi
	return 0
}
complete -F _parley parley
