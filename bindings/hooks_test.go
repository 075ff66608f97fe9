package bindings

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

// Every On* hook of the app except OnServe must have its onXxx registrar.
func TestEveryAppHookIsExposed(t *testing.T) {
	exposed := map[string]bool{}
	for _, hb := range hookBinders {
		exposed[hb.name] = true
	}
	typ := reflect.TypeOf((*core.App)(nil))
	n := 0
	for i := 0; i < typ.NumMethod(); i++ {
		name := typ.Method(i).Name
		if !strings.HasPrefix(name, "On") || name == "OnServe" {
			continue
		}
		n++
		if !exposed[JSName(name)] {
			t.Errorf("%s has no JS registrar %s (run gen_hooks.sh)", name, JSName(name))
		}
	}
	if n != len(hookBinders) {
		t.Errorf("the app has %d hooks, JS exposes %d", n, len(hookBinders))
	}
}
