package core

import (
	"strconv"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

// checkNoNilFields rejects a fields list holding nil entries. The JS VM
// turns a plain object assigned into a FieldsList
// (`collection.fields = [{type: "text", name: "x"}]`) into a nil field
// silently; without this check the save would panic on it. Plain field
// data belongs in new Collection({fields: […]}), unmarshal() or
// new Field({…}).
func checkNoNilFields(c *Collection) error {
	errs := validation.Errors{}
	for i, f := range c.Fields {
		if f == nil {
			errs[strconv.Itoa(i)] = validation.NewError("validation_invalid_field",
				"Not a field: build it with new Field({...}) (or new TextField({...}), …), not a plain object.")
		}
	}
	if len(errs) > 0 {
		return validation.Errors{"fields": errs}
	}
	return nil
}
