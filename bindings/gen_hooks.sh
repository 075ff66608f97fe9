#!/usr/bin/env bash
# Regenerates hooks_list.go from the engine's hook table, so every app hook
# (except OnServe) gets its onXxx registrar.
set -eu
cd "$(dirname "$0")"
{
echo '// Code generated from engine/core/hooks_table.txt by gen_hooks.sh; DO NOT EDIT.'
echo
echo 'package bindings'
echo
echo 'import "github.com/hookbase/hookbase/engine/core"'
echo
echo '// hookBinders lists every app hook exposed to JS (all but OnServe).'
echo 'var hookBinders = []hookBinder{'
while read -r n t k; do
	[ "$n" = Serve ] && continue
	if [ "$k" = tagged ]; then echo "	taggedHook(\"on$n\", (*core.App).On$n),"
	else echo "	plainHook(\"on$n\", (*core.App).On$n),"; fi
done < ../engine/core/hooks_table.txt
echo '}'
} > hooks_list.go
gofmt -w hooks_list.go
