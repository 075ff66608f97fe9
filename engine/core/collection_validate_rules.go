package core

import (
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// checkCollectionRules builds each API rule against the collection being
// saved, as PocketBase does, so that a rule naming a missing field (also
// behind a relation or @collection.*), with a syntax error or with an
// @request.body modifier PocketBase rejects is refused on save (400 keyed
// by the rule) instead of failing every request later.
func (app *App) checkCollectionRules(c *Collection) validation.Errors {
	errs := validation.Errors{}
	rules := map[string]*string{
		"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule,
		"updateRule": c.UpdateRule, "deleteRule": c.DeleteRule,
	}
	if c.IsAuth() {
		rules["authRule"], rules["manageRule"] = c.AuthRule, c.ManageRule
		if c.ManageRule != nil && strings.TrimSpace(*c.ManageRule) == "" {
			// "" would read as "anyone may manage"; PocketBase wants nil or a rule
			errs["manageRule"] = validation.NewError("validation_nil_or_not_empty_required", "Cannot be blank.")
		}
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
