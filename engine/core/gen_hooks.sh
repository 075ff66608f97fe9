#!/usr/bin/env bash
# Regenerates app_hooks.go from hooks_table.txt (name, event type, plain|tagged).
# Kept as a script so the 80+ accessors cannot drift from the table.
set -eu
cd "$(dirname "$0")"
{
echo '// Code generated from the hook table in gen_hooks.sh; DO NOT EDIT.'
echo
echo 'package core'
echo
echo 'import "github.com/hookbase/hookbase/engine/tools/hook"'
echo
echo '// appHooks holds one hook per app event; shared by an App and its transaction copies.'
echo 'type appHooks struct {'
while read -r n t k; do echo "	on$n *hook.Hook[*$t]"; done < hooks_table.txt
echo '}'
echo
echo 'func newAppHooks() *appHooks {'
echo '	return &appHooks{'
while read -r n t k; do echo "		on$n: &hook.Hook[*$t]{},"; done < hooks_table.txt
echo '	}'
echo '}'
while read -r n t k; do
echo
if [ "$k" = tagged ]; then
echo "// On$n returns the $n hook, optionally limited to the collections (or tables) named by tags."
echo "func (app *App) On$n(tags ...string) *hook.TaggedHook[*$t] {"
echo "	return hook.NewTaggedHook(app.hooks.on$n, tags...)"
else
echo "// On$n returns the $n hook."
echo "func (app *App) On$n() *hook.Hook[*$t] {"
echo "	return app.hooks.on$n"
fi
echo "}"
done < hooks_table.txt
} > app_hooks.go
gofmt -w app_hooks.go
