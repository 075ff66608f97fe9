package core

import (
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// checkCollectionRules builds each API rule against the collection's own
// fields, so that a rule naming a missing field or with a syntax error is
// refused on save (400 keyed by the rule) instead of failing every request.
func (app *App) checkCollectionRules(c *Collection) validation.Errors {
	errs := validation.Errors{}
	rules := map[string]*string{
		"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule,
		"updateRule": c.UpdateRule, "deleteRule": c.DeleteRule,
	}
	if c.IsAuth() {
		rules["authRule"], rules["manageRule"] = c.AuthRule, c.ManageRule
	}
	for key, rule := range rules {
		if rule == nil || strings.TrimSpace(*rule) == "" {
			continue
		}
		resolver := NewRecordFieldResolver(app, c, &RequestInfo{}, true)
		if _, err := search.FilterData(*rule).BuildExpr(resolver); err != nil {
			errs[key] = validation.NewError("validation_invalid_rule", "Invalid rule. Raw error: "+err.Error())
		}
	}
	return errs
}
